import { describe, expect, it } from 'vitest';
import { phoneReachablePage } from './server.js';

describe('the page a demo hand-off link opens on the phone', () => {
  const lan = ['192.168.1.20'];

  it('is the page that asked, moved from localhost to the LAN address a phone can reach', () => {
    expect(phoneReachablePage('https://localhost:3000/?tab=react', 'https://localhost:3000/', lan)).toBe(
      'https://192.168.1.20:3000/?tab=react',
    );
    expect(phoneReachablePage('https://127.0.0.1:3000/x', 'https://localhost:3000/', lan)).toBe(
      'https://192.168.1.20:3000/x',
    );
  });

  it('keeps a LAN page as it is, and stays on localhost when there is no LAN address (tests, one machine)', () => {
    expect(phoneReachablePage('https://192.168.1.20:3000/', 'https://localhost:3000/', lan)).toBe(
      'https://192.168.1.20:3000/',
    );
    expect(phoneReachablePage('http://127.0.0.1:3000/?tab=vue', 'http://localhost:3000/', [])).toBe(
      'http://127.0.0.1:3000/?tab=vue',
    );
  });

  it('ignores a Referer from elsewhere or unreadable, and uses the demo front page', () => {
    expect(phoneReachablePage('https://evil.example/', 'http://localhost:3000/', [])).toBe('http://localhost:3000/');
    expect(phoneReachablePage('not a url', 'http://localhost:3000/', lan)).toBe('http://192.168.1.20:3000/');
    expect(phoneReachablePage(undefined, 'http://localhost:3000/', [])).toBe('http://localhost:3000/');
  });
});
