// Cron: settles payments the shop is unsure of from Square's records and expires unpaid orders.
import type { Task } from "graphile-worker";
import { reconcilePayments } from "~/payments/reconciliation.server";

export const reconcile_payments: Task = async () => {
  await reconcilePayments();
};
