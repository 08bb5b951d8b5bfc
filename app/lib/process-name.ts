// This process's name in the tables several processes write (worker heartbeats, breaker states).
import { hostname } from "node:os";

export const processName = `${process.env.FLY_MACHINE_ID ?? hostname()}:${process.pid}`;
