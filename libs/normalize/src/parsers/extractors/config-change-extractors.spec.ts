import { auditConfigChange } from './audit-config-change';
import { extractFromMessage } from './message-extractors';

/** Edge cases of the config-change extractors; the per-source behaviour is in fixtures/config-change. */
describe('config-change extractors', () => {
  it('reads a Cisco session address as a token, in linear time on a long run of address characters', () => {
    expect(extractFromMessage('%ASA-5-111005: 2001:db8::5 end configuration: OK', undefined).fields['source.ip']).toBe('2001:db8::5');
    const started = performance.now();
    const fields = extractFromMessage(`%ASA-5-111005: ${'1:'.repeat(100_000)} end configuration: OK`, undefined).fields;
    expect(fields).toMatchObject({ 'event.category': 'configuration', 'event.action': 'configuration-ended' });
    expect(fields['source.ip']).toBeUndefined();
    // A pattern over `[0-9a-f:]+:[0-9a-f:]*` took 38 s here; a token read takes a few ms.
    expect(performance.now() - started).toBeLessThan(250);
  });

  it('finds nothing for record values named like Object.prototype members', () => {
    expect(auditConfigChange({ type: 'constructor', msg: 'audit(1.1:1):' })).toBeUndefined();
    expect(auditConfigChange({ type: 'SYSCALL', key: 'sshd_config', arch: 'constructor', syscall: 'name', a1: '0' })).toMatchObject({ 'event.action': 'wrote-watched-config' });
    const panos = extractFromMessage('1,2026/12/02 01:30:12,0,CONFIG,0,0,2026/12/02 01:30:12,10.0.0.5,vsys1,edit,admin,Web,constructor,x', undefined);
    expect(panos.fields['event.outcome']).toBeUndefined();
    expect(panos.fields['event.action']).toBe('edit');
  });

  it('reads a quoted PAN-OS value holding commas and doubled quotes', () => {
    const { original } = extractFromMessage('1,2026/12/02 01:30:12,0,CONFIG,0,0,2026/12/02 01:30:12,10.0.0.5,vsys1,set,admin,CLI,Succeeded,"rules, ""web"" and db",x', undefined);
    expect(original['panos.path']).toBe('rules, "web" and db');
  });

  it('reads pfSense changes only from the PHP processes', () => {
    const line = '/system.php: Configuration Change: admin@10.0.0.5 (Local Database): General Setup';
    expect(extractFromMessage(line, 'php-fpm').fields['user.name']).toBe('admin');
    expect(extractFromMessage(line, 'sshd').fields['event.category']).toBeUndefined();
  });
});
