import { describe, expect, it } from 'vitest';
import { displayHandle, exportFileName, formatContact, formatMessageTime } from './format';

const NOW = Date.UTC(2025, 11, 9, 22, 54);

describe('formatting', () => {
  it('shows only the time for a message of today, date and time otherwise', () => {
    expect(formatMessageTime(NOW - 60_000, NOW, 'en', 'UTC')).toBe('10:53 PM');
    expect(formatMessageTime(NOW - 3 * 86_400_000, NOW, 'en', 'UTC')).toBe('12/6/25, 10:54 PM');
    expect(formatMessageTime(NOW - 60_000, NOW, 'pt', 'UTC')).toBe('22:53');
  });

  it("tells today from another day in the browser's own time zone", () => {
    const noon = new Date(2025, 11, 9, 12, 0).getTime();
    const time = new Intl.DateTimeFormat('en', { timeStyle: 'short' }).format(noon - 3_600_000);
    expect(formatMessageTime(noon - 3_600_000, noon, 'en')).toBe(time);
    const yesterday = new Date(2025, 11, 8, 23, 59).getTime();
    const dateTime = new Intl.DateTimeFormat('en', { dateStyle: 'short', timeStyle: 'short' });
    expect(formatMessageTime(yesterday, noon, 'en')).toBe(dateTime.format(yesterday));
  });

  it('formats contact dates and says nothing for none', () => {
    expect(formatContact(null, NOW, 'en', 'UTC')).toBeNull();
    expect(formatContact(NOW - 40 * 86_400_000, NOW, 'en', 'UTC')).toBe('Oct 30, 2025');
    expect(formatContact(NOW - 3_600_000, NOW, 'es', 'UTC')).toBe('21:54');
  });

  it('shows handles the way agents know them', () => {
    expect(displayHandle('ig_thread', 'instagram:me/340282366841710300949128')).toBe(
      '340282366841710300949128',
    );
    expect(displayHandle('ig_username', 'jane.doe')).toBe('@jane.doe');
    expect(displayHandle('phone', '+15551234567')).toBe('+15551234567');
  });

  it('builds a safe export file name', () => {
    expect(exportFileName('José Núñez / VIP', NOW)).toBe('switchboard-jose-nunez-vip-2025-12-09.json');
    expect(exportFileName(null, NOW)).toBe('switchboard-customer-2025-12-09.json');
    expect(exportFileName('📦', NOW)).toBe('switchboard-customer-2025-12-09.json');
  });
});
