import { detectFormat } from './detect-format';

describe('detectFormat', () => {
  it.each([
    ['{"a":1}', 'json'],
    ['<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - msg', 'syslog5424'],
    ['<34>Oct 11 22:14:15 mymachine su: failed', 'syslog3164'],
    ['Oct 11 22:14:15 mymachine su: failed', 'syslog3164'],
    ['<13>garbage', 'syslog3164'],
    ['2026-05-10T11:37:47+02:00 db-2 postgres[900]: ready', 'syslog3164'],
    ['CEF:0|V|P|1|s|n|3|src=1.2.3.4', 'cef'],
    ['<134>Nov 27 09:00:00 fw-1 CEF:0|V|P|1|s|n|3|', 'cef'],
    ['<134>1 2026-11-27T09:00:00Z fw-2 app - - - CEF:0|V|P|1|s|n|3|', 'cef'],
    ['LEEF:2.0|V|P|1|E|^|a=b', 'leef'],
    ['Jan 18 11:07:53 host1 LEEF:1.0|V|P|1|E|src=1', 'leef'],
    ['date=2019-05-10 time=11:37:47 srcip=10.8.0.1', 'kv'],
    ['<189>date=2020-04-23 time=01:16:08 devname="testswitch1"', 'kv'],
    ['Mar 1 20:48:22 host 4465 <14>1 2021-03-01T20:48:22.900Z host logforwarder - panwlogs - CEF:0|Palo Alto Networks|LF|2.0|CORRELATION|correlation|4|rt=Mar 01 2021 20:48:21', 'cef'],
    ['<166>Jun 27 2018 12:17:46 asa-fw : %ASA-3-106023: Deny tcp', 'syslog3164'],
    ['Oct 10 2019 10:21:36 localhost: %ASA-6-302021: Teardown ICMP connection', 'syslog3164'],
    ['just text', undefined],
  ])('%s → %s', (text, format) => {
    expect(detectFormat(text)).toBe(format);
  });

  it('does not take a CEF mention inside a message for CEF', () => {
    expect(detectFormat('<13>Oct 11 22:14:15 host app: we saw a record with CEF:0|x|y inside')).toBe('syslog3164');
  });
});
