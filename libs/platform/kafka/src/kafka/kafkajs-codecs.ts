import { compressionsAlgorithms } from '@platformatic/kafka';
import { CompressionCodecs, CompressionTypes } from 'kafkajs';

/** Producer batch compression, by its Kafka name (KAFKA_COMPRESSION). */
export const COMPRESSIONS = ['none', 'gzip', 'lz4', 'zstd'] as const;
export type Compression = (typeof COMPRESSIONS)[number];

export const KAFKAJS_COMPRESSION: Record<Compression, CompressionTypes> = {
  none: CompressionTypes.None,
  gzip: CompressionTypes.GZIP,
  lz4: CompressionTypes.LZ4,
  zstd: CompressionTypes.ZSTD,
};

let registered = false;

/**
 * kafkajs ships gzip only; lz4 and zstd need codecs registered in its global table. Its own
 * packages for them (kafkajs-lz4, @kafkajs/zstd) wrap native addons; these reuse the pure
 * JavaScript/WebAssembly lz4 frame codec of @platformatic/kafka and Node's built-in zstd, so a
 * kafkajs consumer also reads what the other client compressed. Registering twice is harmless.
 */
export function registerKafkajsCodecs(): void {
  if (registered) return;
  registered = true;
  for (const [type, algorithm] of [
    [CompressionTypes.LZ4, compressionsAlgorithms.lz4],
    [CompressionTypes.ZSTD, compressionsAlgorithms.zstd],
  ] as const) {
    const codec = {
      compress: async (encoder: { buffer: Buffer }) => algorithm.compressSync(encoder.buffer),
      decompress: async (buffer: Buffer) => algorithm.decompressSync(buffer),
    };
    CompressionCodecs[type] = () => codec;
  }
}
