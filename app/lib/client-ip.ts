// The client's address, as far as Larder may trust it. Behind Fly's proxy that is the Fly-Client-IP
// header, which the proxy sets itself (a client's own X-Forwarded-For entries are not believed);
// anywhere else it is the connection's own address. Whatever is not an IP address is dropped
// (null), so a forged header can neither be stored in the audit log nor make an audited action fail.
import { isIP } from "node:net";

export function clientIpOf(headers: Record<string, string | string[] | undefined>, socketAddress: string | undefined, behindFly: boolean): string | null {
  const header = headers["fly-client-ip"];
  const candidate = behindFly ? (Array.isArray(header) ? header[0] : header) : socketAddress;
  // An IPv4 client on a dual-stack socket shows as ::ffff:1.2.3.4: keep the plain IPv4 form.
  const address = candidate?.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  return address && isIP(address) ? address : null;
}
