/**
 * The listening server: HTTPS on 127.0.0.1 with the emulator's certificate. It owns the
 * sockets, so stop() can end keep-alive connections that close() alone would wait for.
 */
import * as fs from "node:fs";
import * as https from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { CertificatePaths } from "../types";

export type Listener = (req: IncomingMessage, res: ServerResponse) => void;

export interface ListeningServer {
  /** https://127.0.0.1:<port> */
  url: string;
  port: number;
  onRequest(listener: Listener): void;
  /** Closes the server and destroys every open socket. */
  stop(): Promise<void>;
}

export async function listen(
  certificate: CertificatePaths,
  port: number,
): Promise<ListeningServer> {
  const server = https.createServer({
    key: fs.readFileSync(certificate.keyPath),
    cert: fs.readFileSync(certificate.certPath),
  });
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  // A client that does not trust the CA aborts the handshake; nothing to answer.
  server.on("tlsClientError", (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === "string") {
    throw new Error("the emulator is not listening on a TCP port");
  }
  return {
    url: `https://127.0.0.1:${address.port}`,
    port: address.port,
    onRequest: (listener) => server.on("request", listener),
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      sockets.forEach((socket) => socket.destroy());
      await closed;
    },
  };
}
