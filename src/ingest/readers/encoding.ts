/**
 * Per-file encoding detection (contract: UTF-8 with or without BOM, or GB18030/GBK):
 * a UTF-8 BOM decides; otherwise a sample that is strict UTF-8 means UTF-8; anything else
 * is GB18030, a superset of GBK and GB2312.
 */
import fs from 'node:fs/promises';

export type TextEncoding = 'utf8' | 'gb18030';

const SAMPLE_BYTES = 1 << 20;

export function detectEncodingOf(sample: Uint8Array, complete: boolean): TextEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf8';
  try {
    // stream:true tolerates a multi-byte character cut at the end of a partial sample.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: !complete });
    return 'utf8';
  } catch {
    return 'gb18030';
  }
}

export async function detectFileEncoding(path: string): Promise<TextEncoding> {
  const handle = await fs.open(path, 'r');
  try {
    const buf = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await handle.read(buf, 0, SAMPLE_BYTES, 0);
    return detectEncodingOf(buf.subarray(0, bytesRead), bytesRead < SAMPLE_BYTES);
  } finally {
    await handle.close();
  }
}
