// A private D-Bus session bus with the two desktop services the browsers ask
// about the screen and the user's input (issue 18, measured in README "Screen
// lock and system idle"):
// - org.freedesktop.ScreenSaver (GetActive, signal ActiveChanged): Chromium on
//   Linux reports idle state `locked` from it, as from a real screen locker;
// - org.gnome.Mutter.IdleMonitor (GetIdletime): Firefox on Linux takes the
//   system's idle time from it, as on a GNOME desktop.
// dbus-daemon (Debian package dbus-daemon) runs the bus; the services speak the
// D-Bus wire protocol directly (just what these two need: EXTERNAL auth,
// method calls, replies, errors, signals; little-endian), written from the
// D-Bus specification (dbus.freedesktop.org/doc/dbus-specification.html).
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

type Value = { t: 's' | 'o' | 'g'; v: string } | { t: 'u' | 'b'; v: number | boolean } | { t: 't'; v: bigint };

/** Little-endian D-Bus marshalling into a growing buffer; offsets count from the buffer start (8-aligned). */
class Writer {
  private buf = Buffer.alloc(256);
  len = 0;
  private ensure(n: number): void {
    if (this.len + n > this.buf.length) this.buf = Buffer.concat([this.buf, Buffer.alloc(Math.max(256, n))]);
  }
  align(n: number): void {
    const pad = (n - (this.len % n)) % n;
    this.ensure(pad);
    this.buf.fill(0, this.len, this.len + pad);
    this.len += pad;
  }
  byte(b: number): void {
    this.ensure(1);
    this.buf[this.len++] = b;
  }
  u32(n: number): void {
    this.align(4);
    this.ensure(4);
    this.buf.writeUInt32LE(n, this.len);
    this.len += 4;
  }
  value(x: Value): void {
    if (x.t === 's' || x.t === 'o' || x.t === 'g') {
      const b = Buffer.from(x.v, 'utf8');
      if (x.t === 'g') this.byte(b.length);
      else this.u32(b.length);
      this.ensure(b.length + 1);
      b.copy(this.buf, this.len);
      this.len += b.length;
      this.byte(0);
    } else if (x.t === 't') {
      this.align(8);
      this.ensure(8);
      this.buf.writeBigUInt64LE(x.v, this.len);
      this.len += 8;
    } else this.u32(Number(x.v));
  }
  bytes(): Buffer {
    return this.buf.subarray(0, this.len);
  }
}

interface Message {
  type: number;
  flags: number;
  serial: number;
  fields: Map<number, string | number>;
  body: Buffer;
}

const FIELD = { path: 1, interface: 2, member: 3, errorName: 4, replySerial: 5, destination: 6, sender: 7, signature: 8 } as const;
const TYPE = { call: 1, reply: 2, error: 3, signal: 4 } as const;
const FIELD_TYPE: Record<number, 's' | 'o' | 'g' | 'u'> = { 1: 'o', 2: 's', 3: 's', 4: 's', 5: 'u', 6: 's', 7: 's', 8: 'g' };

export function encode(type: number, serial: number, fields: [number, string | number][], body: Value[] = [], flags = 0): Buffer {
  const b = new Writer();
  for (const x of body) b.value(x);
  const h = new Writer();
  h.byte(0x6c); // 'l': little-endian
  h.byte(type);
  h.byte(flags);
  h.byte(1);
  h.u32(b.len);
  h.u32(serial);
  const f = new Writer();
  for (const [code, v] of fields) {
    f.align(8);
    f.byte(code);
    const t = FIELD_TYPE[code] ?? 's';
    f.value({ t: 'g', v: t });
    f.value(t === 'u' ? { t, v: v as number } : { t, v: String(v) });
  }
  h.u32(f.len);
  h.align(8); // the array's first struct starts 8-aligned (offset 16)
  const head = Buffer.concat([h.bytes(), f.bytes()]);
  const padded = Buffer.concat([head, Buffer.alloc((8 - (head.length % 8)) % 8)]);
  return Buffer.concat([padded, b.bytes()]);
}

/** One complete message from the front of `buf`, or null when more bytes are needed. */
export function decode(buf: Buffer): { msg: Message; size: number } | null {
  if (buf.length < 16) return null;
  if (buf[0] !== 0x6c) throw new Error('only little-endian D-Bus messages are supported');
  const bodyLen = buf.readUInt32LE(4);
  const fieldsLen = buf.readUInt32LE(12);
  const bodyAt = 16 + fieldsLen + ((8 - ((16 + fieldsLen) % 8)) % 8);
  if (buf.length < bodyAt + bodyLen) return null;
  const fields = new Map<number, string | number>();
  let p = 16;
  const align = (n: number): void => void (p += (n - (p % n)) % n);
  while (p < 16 + fieldsLen) {
    align(8);
    const code = buf[p++] ?? 0;
    const sigLen = buf[p] ?? 0;
    const sig = buf.toString('latin1', p + 1, p + 1 + sigLen);
    p += sigLen + 2;
    if (sig === 'u') {
      align(4);
      fields.set(code, buf.readUInt32LE(p));
      p += 4;
    } else if (sig === 'g') {
      const n = buf[p] ?? 0;
      fields.set(code, buf.toString('utf8', p + 1, p + 1 + n));
      p += n + 2;
    } else {
      align(4);
      const n = buf.readUInt32LE(p);
      fields.set(code, buf.toString('utf8', p + 4, p + 4 + n));
      p += n + 5;
    }
  }
  const msg = { type: buf[1] ?? 0, flags: buf[2] ?? 0, serial: buf.readUInt32LE(8), fields, body: buf.subarray(bodyAt, bodyAt + bodyLen) };
  return { msg, size: bodyAt + bodyLen };
}

type Method = () => Value;

/** A connection to the bus that owns one well-known name and answers method calls on one object. */
export class DbusService {
  private sock: net.Socket | null = null;
  private serial = 0;
  private pending = new Map<number, (m: Message) => void>();
  private inbox = Buffer.alloc(0);

  constructor(
    private readonly name: string,
    private readonly path: string,
    private readonly iface: string,
    private readonly methods: Record<string, Method>,
  ) {}

  async connect(address: string): Promise<void> {
    const m = /unix:(?:path=([^,;]+)|abstract=([^,;]+))/.exec(address);
    if (!m) throw new Error(`unsupported bus address ${address}`);
    const target = m[1] ?? `\0${m[2] ?? ''}`;
    const sock = net.createConnection(target);
    this.sock = sock;
    await new Promise<void>((resolve, reject) => sock.once('connect', resolve).once('error', reject));
    const uid = Buffer.from(String(process.getuid?.() ?? 0)).toString('hex');
    sock.write(`\0AUTH EXTERNAL ${uid}\r\n`);
    const answer = await new Promise<string>((resolve) => sock.once('data', (d: Buffer) => resolve(d.toString('latin1'))));
    if (!answer.startsWith('OK ')) throw new Error(`D-Bus authentication refused: ${answer.trim()}`);
    sock.write('BEGIN\r\n');
    sock.on('data', (d: Buffer) => this.receive(d));
    await this.call('Hello', []);
    await this.call('RequestName', [{ t: 's', v: this.name }, { t: 'u', v: 4 }]); // DO_NOT_QUEUE
  }

  private call(member: string, body: Value[]): Promise<Message> {
    const serial = ++this.serial;
    const sig = body.map((x) => x.t).join('');
    const fields: [number, string | number][] = [[FIELD.path, '/org/freedesktop/DBus'], [FIELD.interface, 'org.freedesktop.DBus'], [FIELD.member, member], [FIELD.destination, 'org.freedesktop.DBus']];
    if (sig) fields.push([FIELD.signature, sig]);
    return new Promise((resolve, reject) => {
      this.pending.set(serial, (m) => (m.type === TYPE.error ? reject(new Error(`${member}: ${String(m.fields.get(FIELD.errorName))}`)) : resolve(m)));
      this.sock?.write(encode(TYPE.call, serial, fields, body));
    });
  }

  private receive(d: Buffer): void {
    this.inbox = Buffer.concat([this.inbox, d]);
    for (let got = decode(this.inbox); got; got = decode(this.inbox)) {
      this.inbox = this.inbox.subarray(got.size);
      const m = got.msg;
      const replyTo = m.fields.get(FIELD.replySerial);
      if ((m.type === TYPE.reply || m.type === TYPE.error) && typeof replyTo === 'number') this.pending.get(replyTo)?.(m);
      if (m.type === TYPE.call) this.answer(m);
    }
  }

  private answer(m: Message): void {
    const sender = String(m.fields.get(FIELD.sender) ?? '');
    const method = m.fields.get(FIELD.path) === this.path && m.fields.get(FIELD.interface) === this.iface ? this.methods[String(m.fields.get(FIELD.member))] : undefined;
    if (m.flags & 0x1) return; // NO_REPLY_EXPECTED
    const base: [number, string | number][] = [[FIELD.replySerial, m.serial], [FIELD.destination, sender]];
    if (method) {
      const v = method();
      this.sock?.write(encode(TYPE.reply, ++this.serial, [...base, [FIELD.signature, v.t]], [v]));
      return;
    }
    const err: [number, string | number][] = [...base, [FIELD.errorName, 'org.freedesktop.DBus.Error.UnknownMethod'], [FIELD.signature, 's']];
    this.sock?.write(encode(TYPE.error, ++this.serial, err, [{ t: 's', v: `no method ${String(m.fields.get(FIELD.member))}` }]));
  }

  signal(member: string, value: Value): void {
    const fields: [number, string | number][] = [[FIELD.path, this.path], [FIELD.interface, this.iface], [FIELD.member, member], [FIELD.signature, value.t]];
    this.sock?.write(encode(TYPE.signal, ++this.serial, fields, [value]));
  }

  close(): void {
    this.sock?.destroy();
  }
}

export interface Desktop {
  /** DBUS_SESSION_BUS_ADDRESS for the browser. */
  address: string;
  /** The screen locker: `locked` true sends ActiveChanged(true), as a real screen lock does. */
  setLocked(locked: boolean): void;
  /** The system's idle time that GetIdletime reports, in ms. */
  setIdleMs(ms: number): void;
  close(): void;
}

/** A session bus with a screen locker (unlocked) and an idle monitor (0 ms idle). */
export async function startDesktop(): Promise<Desktop> {
  const daemon: ChildProcess = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const address = await new Promise<string>((resolve, reject) => {
    daemon.once('error', reject);
    daemon.stdout?.once('data', (d: Buffer) => resolve(d.toString().trim()));
  });
  let locked = false;
  let idleMs = 0n;
  const saver = new DbusService('org.freedesktop.ScreenSaver', '/org/freedesktop/ScreenSaver', 'org.freedesktop.ScreenSaver', { GetActive: () => ({ t: 'b', v: locked }) });
  const idle = new DbusService('org.gnome.Mutter.IdleMonitor', '/org/gnome/Mutter/IdleMonitor/Core', 'org.gnome.Mutter.IdleMonitor', { GetIdletime: () => ({ t: 't', v: idleMs }) });
  try {
    await saver.connect(address);
    await idle.connect(address);
  } catch (err) {
    daemon.kill();
    throw err;
  }
  return {
    address,
    setLocked: (l) => {
      locked = l;
      saver.signal('ActiveChanged', { t: 'b', v: l });
    },
    setIdleMs: (ms) => void (idleMs = BigInt(Math.max(0, Math.round(ms)))),
    close: () => {
      saver.close();
      idle.close();
      daemon.kill();
    },
  };
}
