// A loopback webhook endpoint for tests of the simulator: records each delivery's raw body and headers, answers 200.
import { type IncomingHttpHeaders, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { WebhookEvent } from "./types";

export interface ReceivedWebhook {
  body: string;
  headers: IncomingHttpHeaders;
  event: WebhookEvent;
}

export interface WebhookReceiver {
  /** e.g. http://127.0.0.1:PORT/webhooks/square: the URL to configure and the one signatures cover. */
  url: string;
  received: ReceivedWebhook[];
  clear(): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      received.push({ body, headers: req.headers, event: JSON.parse(body) as WebhookEvent });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/square`,
    received,
    clear: () => {
      received.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
