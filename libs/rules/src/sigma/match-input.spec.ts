import type { Event } from '@quell/contracts';
import { matchInputOf } from './match-input';
import { eventWith } from './sigma-test-events.test-util';

describe('matchInputOf', () => {
  it('resolves each field once, whether present or absent, and lower-cases it once', () => {
    const calls: string[] = [];
    const resolve = (event: Event, name: string) => {
      calls.push(name);
      return event.original[name];
    };
    const input = matchInputOf(eventWith({ Image: 'C:\\X.EXE', Empty: '' }), resolve);
    expect(input.field('Image')).toBe('C:\\X.EXE');
    expect(input.foldedField('Image')).toBe('c:\\x.exe');
    expect(input.field('Image')).toBe('C:\\X.EXE');
    expect(input.field('Missing')).toBeUndefined();
    expect(input.foldedField('Missing')).toBeUndefined();
    expect(input.field('Empty')).toBe('');
    expect(input.foldedField('Empty')).toBe('');
    expect(calls).toEqual(['Image', 'Missing', 'Empty']);
  });
  it('keyword texts: message, raw text and original values, and the same lower-cased', () => {
    const input = matchInputOf(eventWith({ A: 'One' }, { message: 'Msg', rawText: 'RAW' }), () => undefined);
    expect(input.keywordTexts()).toEqual(['Msg', 'RAW', 'One']);
    expect(input.foldedKeywordTexts()).toEqual(['msg', 'raw', 'one']);
  });
  it('keyword texts of a JSON record are its values, never its key names; JSON that did not parse is searched as text', () => {
    const json = matchInputOf(eventWith({ CommandLine: 'whoami' }, { rawText: ' {"CommandLine":"whoami"}' }), () => undefined);
    expect(json.keywordTexts()).toEqual(['whoami']);
    const broken = matchInputOf(eventWith({}, { rawText: '{"CommandLine":"who' }), () => undefined);
    expect(broken.keywordTexts()).toEqual(['{"CommandLine":"who']);
  });
});
