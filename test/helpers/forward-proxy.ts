import { createServer, request, type Server } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';

export interface ForwardProxy {
  /** http://127.0.0.1:<port> */
  url: string;
  /** What passed through, in order: `CONNECT host:port`, or `METHOD absolute-url` for plain http. */
  log: string[];
  /** Proxy-Authorization headers received (to check credentials in the proxy URL are used). */
  auth: string[];
  close(): Promise<void>;
}

export interface ForwardProxyOptions {
  /** Host names the proxy resolves itself (`api.seedance.invalid` → `127.0.0.1:40123`): no DNS is ever asked. */
  hosts?: Record<string, string>;
  /** Answer CONNECT with this status instead of opening the tunnel. */
  refuseConnect?: number;
  /** Close the client's socket on CONNECT without answering (a proxy that drops tunnels). */
  dropConnect?: boolean;
}

/** A small forward proxy on loopback: absolute-URI requests for http, CONNECT tunnels for https. */
export async function startForwardProxy(options: ForwardProxyOptions = {}): Promise<ForwardProxy> {
  const log: string[] = [];
  const auth: string[] = [];
  const sockets = new Set<Socket>();
  const resolve = (host: string, port: string): [string, number] => {
    const mapped = options.hosts?.[host];
    if (mapped) {
      const [mappedHost, mappedPort] = mapped.split(':');
      return [mappedHost as string, Number(mappedPort)];
    }
    if (host !== '127.0.0.1' && host !== 'localhost') throw new Error(`the test proxy goes to loopback only: ${host}`);
    return [host, Number(port)];
  };

  const server: Server = createServer((req, res) => {
    log.push(`${req.method} ${req.url}`);
    if (req.headers['proxy-authorization']) auth.push(req.headers['proxy-authorization']);
    const target = new URL(req.url ?? '');
    const [host, port] = resolve(target.hostname, target.port || '80');
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const upstream = request(
      { host, port, method: req.method, path: target.pathname + target.search, headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
        // A server that drops the connection mid-body: the client sees it dropped too, after what did arrive.
        up.on('close', () => {
          if (!up.complete) res.socket?.end();
        });
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    log.push(`CONNECT ${req.url}`);
    if (req.headers['proxy-authorization']) auth.push(req.headers['proxy-authorization']);
    client.on('error', () => {});
    if (options.dropConnect) {
      client.destroy();
      return;
    }
    if (options.refuseConnect) {
      client.end(`HTTP/1.1 ${options.refuseConnect} Refused\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const [hostPart = '', portPart = '443'] = (req.url ?? '').split(/:(?=\d+$)/);
    const [host, port] = resolve(hostPart, portPart);
    const upstream = connect(port, host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    sockets.add(upstream);
  });
  server.on('connection', (socket: Socket) => sockets.add(socket));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    log,
    auth,
    close: () =>
      new Promise<void>((done) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => done());
      }),
  };
}
