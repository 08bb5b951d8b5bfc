// A real SMTP server on loopback that keeps every message it receives, parsed, for tests to read.
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { AddressInfo } from "node:net";

export interface ReceivedEmail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export interface SmtpSink {
  url: string;
  stop(): Promise<void>;
}

/** Starts the sink; each message is written as JSON into `dir`, which readReceivedEmails reads. */
export async function startSmtpSink(dir: string): Promise<SmtpSink> {
  mkdirSync(dir, { recursive: true });
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const email: ReceivedEmail = {
            from: mail.from?.text ?? "",
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            subject: mail.subject ?? "",
            text: mail.text ?? "",
            html: typeof mail.html === "string" ? mail.html : "",
          };
          count += 1;
          // Written aside, then renamed: a reader in another process never sees half a file.
          const file = path.join(dir, `${Date.now()}-${count}.json`);
          writeFileSync(`${file}.partial`, JSON.stringify(email));
          renameSync(`${file}.partial`, file);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function readReceivedEmails(dir: string): ReceivedEmail[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => JSON.parse(readFileSync(path.join(dir, name), "utf8")) as ReceivedEmail);
}
