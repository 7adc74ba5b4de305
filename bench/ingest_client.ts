/**
 * The ingest phase's load generator for `deno task bench:system`: a deliberately cheap
 * HTTP/1.1 client, so that on a small machine the bench measures the aggregator and not itself.
 * Every request (headers and JSON-RPC body) is serialised to bytes before the clock starts; each
 * of the `concurrency` keep-alive TCP connections then writes one request, reads the answer
 * (status line, `content-length`, body) and sends the next. Only the JSON-RPC answer's body is
 * parsed. Latency is measured per request from the write to the last byte of the answer.
 *
 * @module
 */

/** The answer to one request. */
export interface RawAnswer {
  status: number;
  body: string;
  ms: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Serialises `POST path` with a JSON body as HTTP/1.1 bytes (keep-alive). */
export function prepareJsonPost(
  host: string,
  port: number,
  path: string,
  body: string,
): Uint8Array {
  const payload = encoder.encode(body);
  const head = encoder.encode(
    `POST ${path} HTTP/1.1\r\nhost: ${host}:${port}\r\ncontent-type: application/json\r\n` +
      `content-length: ${payload.length}\r\n\r\n`,
  );
  const out = new Uint8Array(head.length + payload.length);
  out.set(head, 0);
  out.set(payload, head.length);
  return out;
}

/** A keep-alive connection that sends one request at a time and reads its answer. */
class Connection {
  readonly #conn: Deno.TcpConn;
  #buf = new Uint8Array(16384);
  #len = 0;

  constructor(conn: Deno.TcpConn) {
    this.#conn = conn;
  }

  async request(bytes: Uint8Array): Promise<{ status: number; body: string }> {
    let written = 0;
    while (written < bytes.length) written += await this.#conn.write(bytes.subarray(written));
    for (;;) {
      const answer = this.#parse();
      if (answer) return answer;
      if (this.#len === this.#buf.length) {
        const bigger = new Uint8Array(this.#buf.length * 2);
        bigger.set(this.#buf);
        this.#buf = bigger;
      }
      const n = await this.#conn.read(this.#buf.subarray(this.#len));
      if (n === null) throw new Error("the server closed the connection");
      this.#len += n;
    }
  }

  /** One complete answer from the buffer (removed from it), or undefined if more is needed. */
  #parse(): { status: number; body: string } | undefined {
    const b = this.#buf;
    let end = -1;
    for (let i = 3; i < this.#len; i++) {
      if (b[i] === 10 && b[i - 1] === 13 && b[i - 2] === 10 && b[i - 3] === 13) {
        end = i + 1;
        break;
      }
    }
    if (end < 0) return undefined;
    const head = decoder.decode(b.subarray(0, end));
    const status = Number(head.slice(9, 12));
    const m = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!m) {
      if (/\r\ntransfer-encoding:/i.test(head)) {
        throw new Error("chunked answers are not supported by the bench client");
      }
    }
    const length = m ? Number(m[1]) : 0;
    if (this.#len < end + length) return undefined;
    const body = decoder.decode(b.subarray(end, end + length));
    b.copyWithin(0, end + length, this.#len);
    this.#len -= end + length;
    return { status, body };
  }

  close(): void {
    try {
      this.#conn.close();
    } catch { /* already closed */ }
  }
}

/** `size` keep-alive connections to `127.0.0.1:port`, reused across {@link ConnectionPool.sendAll}s. */
export class ConnectionPool {
  readonly #conns: Connection[];

  private constructor(conns: Connection[]) {
    this.#conns = conns;
  }

  /** Opens the connections (before any clock starts). */
  static async open(port: number, size: number): Promise<ConnectionPool> {
    return new ConnectionPool(
      await Promise.all(
        Array.from(
          { length: size },
          async () => new Connection(await Deno.connect({ hostname: "127.0.0.1", port })),
        ),
      ),
    );
  }

  /**
   * Sends every request with one in flight per connection and returns the answers in request
   * order.
   */
  async sendAll(requests: readonly Uint8Array[]): Promise<RawAnswer[]> {
    const answers = new Array<RawAnswer>(requests.length);
    let next = 0;
    await Promise.all(this.#conns.map(async (c) => {
      while (next < requests.length) {
        const i = next++;
        const t0 = performance.now();
        const r = await c.request(requests[i]);
        answers[i] = { ...r, ms: performance.now() - t0 };
      }
    }));
    return answers;
  }

  /** Closes every connection. */
  close(): void {
    for (const c of this.#conns) c.close();
  }
}
