/** The pure parts of webhooks: signatures, which addresses a webhook may point at, retry delays. */
import { describe, expect, it } from 'vitest';
import { checkTarget, isNonPublicAddress, parseWebhookUrl, WebhookUrlError } from '../../src/feed/webhooks/address.js';
import { cappedBackoff } from '../../src/feed/webhooks/queue.js';
import { sign, verify } from '../../src/feed/webhooks/signature.js';

describe('webhook signatures', () => {
  const secret = 'department-secret-0123456789';
  const body = '{"events":[{"id":"1"}]}';
  const now = 1_800_000_000;

  it('signs timestamp and body with HMAC-SHA256, in the documented form', () => {
    expect(sign(secret, now, body)).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(sign(secret, now, body)).toBe(sign(secret, now, body));
    expect(sign(secret, now + 1, body)).not.toBe(sign(secret, now, body));
  });

  it('verifies its own signature and nothing else', () => {
    const sig = sign(secret, now, body);
    expect(verify(secret, sig, String(now), body, { now })).toBe(true);
    expect(verify('another-secret-0123456789', sig, now, body, { now })).toBe(false);
    expect(verify(secret, sig, now, body + ' ', { now })).toBe(false);
    expect(verify(secret, sig, now + 1, body, { now })).toBe(false);
    expect(verify(secret, sig.slice(0, -1), now, body, { now })).toBe(false);
    expect(verify(secret, 'sha256=', now, body, { now })).toBe(false);
    expect(verify(secret, sig, 'soon', body, { now })).toBe(false);
  });

  it('refuses an old delivery replayed later (five minutes by default)', () => {
    const sig = sign(secret, now, body);
    expect(verify(secret, sig, now, body, { now: now + 300 })).toBe(true);
    expect(verify(secret, sig, now, body, { now: now + 301 })).toBe(false);
    expect(verify(secret, sig, now, body, { now: now + 3600, toleranceSeconds: 7200 })).toBe(true);
  });
});

describe('webhook addresses', () => {
  it.each([
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['172.32.0.1', false],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['224.0.0.1', true],
    ['::1', true],
    ['fe80::1', true],
    ['fd00::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:7f00:1', true],
    ['::ffff:808:808', false],
    ['8.8.8.8', false],
    ['64:ff9b::a00:1', true],
    ['2002:a00:1::1', true],
    ['fec0::1', true],
    ['2001:4860:4860::8888', false],
    ['not an address', true],
  ])('%s is non-public: %s', (address, expected) => {
    expect(isNonPublicAddress(address)).toBe(expected);
  });

  it('takes http(s) without credentials or fragment', () => {
    expect(parseWebhookUrl(' https://hooks.example.gov.cn/hub ').href).toBe('https://hooks.example.gov.cn/hub');
    for (const bad of ['ftp://example.com/x', 'file:///etc/passwd', 'https://u:p@example.com/', 'https://example.com/#x', 'nope'])
      expect(() => parseWebhookUrl(bad), bad).toThrow(WebhookUrlError);
  });

  it('refuses loopback and private targets unless allowed', async () => {
    await expect(checkTarget(new URL('http://127.0.0.1:8080/x'), { allowPrivate: false })).rejects.toThrow(/non-public/);
    await expect(checkTarget(new URL('http://[::1]/x'), { allowPrivate: false })).rejects.toThrow(/non-public/);
    await expect(checkTarget(new URL('http://[::ffff:127.0.0.1]/x'), { allowPrivate: false })).rejects.toThrow(/non-public/);
    await expect(checkTarget(new URL('http://localhost/x'), { allowPrivate: false })).rejects.toThrow(/non-public|resolve/);
    await expect(checkTarget(new URL('http://127.0.0.1:8080/x'), { allowPrivate: true })).resolves.toBeUndefined();
    await expect(checkTarget(new URL('http://8.8.8.8/x'), { allowPrivate: false })).resolves.toBeUndefined();
  });
});

describe('delivery retry delays', () => {
  it('doubles from the first delay up to the cap, with ±20 % jitter', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 5, 12].map((n) => cappedBackoff(n, 1_000, 10_000, mid))).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
    expect(cappedBackoff(1, 1_000, 10_000, () => 0)).toBe(800);
    expect(cappedBackoff(1, 1_000, 10_000, () => 0.999999)).toBe(1_200);
  });
});

describe('names in change events', () => {
  it('mask a legal representative to the family name', async () => {
    const { eventValue, maskPersonName } = await import('../../src/feed/personal.js');
    expect(maskPersonName('余然斌')).toBe('余**');
    expect(maskPersonName(' 田宇 ')).toBe('田*');
    expect(maskPersonName('欧阳')).toBe('欧*');
    expect(eventValue('legalRepresentative', '许勇')).toBe('许*');
    expect(eventValue('legalRepresentative', null)).toBeNull();
    expect(eventValue('name', '泰骏贸易有限责任公司')).toBe('泰骏贸易有限责任公司');
  });
});
