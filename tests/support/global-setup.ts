// Vitest global setup: one database server for the run and a migrated template database that each
// test file clones; everything made here is dropped at the end.
import type { TestProject } from "vitest/node";
import { createMigratedDatabase, dropDatabase, startTestServer, uniqueDatabaseName } from "./database";

declare module "vitest" {
  export interface ProvidedContext {
    databaseServerUrl: string;
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject) {
  const server = await startTestServer();
  const template = uniqueDatabaseName("larder_test_template");
  await createMigratedDatabase(server, template);
  project.provide("databaseServerUrl", server.url("postgres"));
  project.provide("templateDatabase", template);
  return async () => {
    await dropDatabase(server, template);
    await server.stop();
  };
}
