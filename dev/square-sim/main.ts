// `npm run square-sim`: the simulator on its own, configured from the environment, until SIGINT/SIGTERM.
import { startSquareSimulator } from "./server";

// The app's own defaults (app/lib/env.server.ts SIMULATOR_DEFAULTS and SQUARE_WEBHOOK_URL), so both agree unconfigured.
const APP_DEFAULT_SIGNATURE_KEY = "larder-simulator-signature-key";
const appDefaultWebhookUrl = `http://127.0.0.1:${process.env.PORT ?? 3000}/webhooks/square`;

const port = Number(process.env.SQUARE_SIM_PORT ?? 4010);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`SQUARE_SIM_PORT must be a port number, got "${process.env.SQUARE_SIM_PORT}"`);
  process.exit(1);
}

const simulator = await startSquareSimulator({
  port,
  host: process.env.SQUARE_SIM_HOST,
  merchantName: process.env.SQUARE_SIM_MERCHANT_NAME,
  webhookUrl: process.env.SQUARE_WEBHOOK_URL ?? appDefaultWebhookUrl,
  webhookSignatureKey: process.env.SQUARE_WEBHOOK_SIGNATURE_KEY ?? APP_DEFAULT_SIGNATURE_KEY,
});

console.log(`Square simulator listening on ${simulator.url} (location ${simulator.locationId})`);
console.log(`  webhooks → ${process.env.SQUARE_WEBHOOK_URL ?? appDefaultWebhookUrl}`);
console.log(`  test cards: 4111 1111 1111 1111 (approved), 4000 0000 0000 0002 (declined),`);
console.log(`              4000 0000 0000 0119 (Web Payments only: charged, CreatePayment never answers)`);
console.log(`  Web Payments SDK stand-in: ${simulator.url}/web-payments-sdk.js`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    simulator.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
