/** A social-security CSV of a given size, written in streaming fashion (never held in memory). */
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { usccCheckChar } from '../../src/domain/uscc.js';

export async function makeBigInsuredFile(dir: string, megabytes: number): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `insured_units_big_${megabytes}mb.csv`);
  const out = fs.createWriteStream(file);
  const target = megabytes * 2 ** 20;
  let written = 0;
  const write = async (s: string) => {
    written += Buffer.byteLength(s);
    if (!out.write(s)) await once(out, 'drain');
  };
  await write('统一社会信用代码,单位名称,参保年月,参保人数,单位参保状态,所属区县\n');
  for (let i = 0; written < target; i++) {
    const body = `91150302${String(i % 1_000_000).padStart(9, '0')}`;
    const uscc = body + usccCheckChar(body);
    const month = `20${24 + ((i >> 20) % 3)}${String((i % 12) + 1).padStart(2, '0')}`;
    await write(`${uscc},测试单位${i % 1_000_000}有限公司,${month},${i % 40},正常,150302\n`);
  }
  out.end();
  await once(out, 'finish');
  return file;
}
