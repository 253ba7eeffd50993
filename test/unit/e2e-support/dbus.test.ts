// The test desktop's D-Bus services (test/e2e/support/dbus.ts): the wire
// format round-trips, and a real D-Bus client (gdbus) gets the answers the
// browsers get. The e2e scenarios rely on it to say "the screen is locked".
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { decode, encode, startDesktop } from '../../e2e/support/dbus.ts';

const run = promisify(execFile);

describe('D-Bus wire format', () => {
  it('a method call round-trips: header fields, body, size', () => {
    const msg = encode(1, 7, [[1, '/org/freedesktop/DBus'], [2, 'org.freedesktop.DBus'], [3, 'RequestName'], [6, 'org.freedesktop.DBus'], [8, 'su']], [{ t: 's', v: 'org.example.Name' }, { t: 'u', v: 4 }]);
    expect(msg.subarray(0, 4)).toEqual(Buffer.from([0x6c, 1, 0, 1]));
    const got = decode(Buffer.concat([msg, Buffer.from([0x6c])])); // and the first byte of the next message
    expect(got?.size).toBe(msg.length);
    expect(got?.msg.serial).toBe(7);
    expect(Object.fromEntries(got?.msg.fields ?? [])).toEqual({ 1: '/org/freedesktop/DBus', 2: 'org.freedesktop.DBus', 3: 'RequestName', 6: 'org.freedesktop.DBus', 8: 'su' });
    // "org.example.Name" (4-byte length, text, NUL), padding to 4, then the uint32 4.
    expect(got?.msg.body.length).toBe(4 + 16 + 1 + 3 + 4);
    expect(got?.msg.body.readUInt32LE(24)).toBe(4);
  });

  it('a uint64 reply is 8-aligned; an incomplete message is not decoded', () => {
    const msg = encode(2, 9, [[5, 3], [6, ':1.4'], [8, 't']], [{ t: 't', v: 7_200_000n }]);
    const got = decode(msg);
    expect(got?.msg.fields.get(5)).toBe(3);
    expect(got?.msg.body.readBigUInt64LE(0)).toBe(7_200_000n);
    expect(decode(msg.subarray(0, msg.length - 1))).toBeNull();
    expect(decode(msg.subarray(0, 10))).toBeNull();
  });

  it('refuses big-endian messages (the services only speak little-endian)', () => {
    const msg = encode(4, 1, [[3, 'X']]);
    msg[0] = 0x42;
    expect(() => decode(msg)).toThrow(/little-endian/);
  });
});

const tools = existsSync('/usr/bin/dbus-daemon') && existsSync('/usr/bin/gdbus');

describe.skipIf(!tools)('the test desktop on a private session bus, asked by gdbus', () => {
  it('screen locker and idle monitor answer like a desktop; unknown methods get an error', async () => {
    const d = await startDesktop();
    const call = async (dest: string, path: string, method: string): Promise<string> =>
      (await run('gdbus', ['call', '--address', d.address, '--dest', dest, '--object-path', path, '--method', method], { encoding: 'utf8', timeout: 10_000 })).stdout.trim();
    const active = () => call('org.freedesktop.ScreenSaver', '/org/freedesktop/ScreenSaver', 'org.freedesktop.ScreenSaver.GetActive');
    const idle = () => call('org.gnome.Mutter.IdleMonitor', '/org/gnome/Mutter/IdleMonitor/Core', 'org.gnome.Mutter.IdleMonitor.GetIdletime');
    try {
      expect(await active()).toBe('(false,)');
      d.setLocked(true);
      expect(await active()).toBe('(true,)');
      expect(await idle()).toBe('(uint64 0,)');
      d.setIdleMs(7_200_000);
      expect(await idle()).toBe('(uint64 7200000,)');
      await expect(call('org.gnome.Mutter.IdleMonitor', '/org/gnome/Mutter/IdleMonitor/Core', 'org.gnome.Mutter.IdleMonitor.Nope')).rejects.toThrow(/UnknownMethod/);
    } finally {
      d.close();
    }
  });
});
