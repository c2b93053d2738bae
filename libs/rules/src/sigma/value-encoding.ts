/** Byte encodings applied to a rule's value before base64 (`utf16le`, `utf16be`, `utf16`, `wide`). */
export type Utf16Encoding = 'utf16le' | 'utf16be' | 'utf16';

export function encodeText(value: string, encoding: Utf16Encoding | null): Buffer {
  if (encoding === null) return Buffer.from(value, 'utf8');
  const le = Buffer.from(value, 'utf16le');
  if (encoding === 'utf16le') return le;
  if (encoding === 'utf16') return Buffer.concat([Buffer.from([0xff, 0xfe]), le]);
  const be = Buffer.from(le);
  be.swap16();
  return be;
}

export function base64Of(bytes: Buffer): string {
  return bytes.toString('base64');
}

/**
 * The three forms a value takes inside a longer base64 string, one per alignment (0, 1 or 2
 * bytes before it), with the characters that depend on the neighbouring bytes cut off — the same
 * cut pySigma makes, so rules match what their authors tested.
 */
export function base64OffsetsOf(bytes: Buffer): string[] {
  const startCut = [0, 2, 3];
  const endCut = [0, -3, -2];
  return [0, 1, 2].map((shift) => {
    const encoded = Buffer.concat([Buffer.alloc(shift, 0x20), bytes]).toString('base64');
    const end = endCut[(bytes.length + shift) % 3];
    return encoded.slice(startCut[shift], end === 0 ? undefined : end);
  });
}
