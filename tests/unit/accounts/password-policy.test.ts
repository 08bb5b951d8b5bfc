import { describe, expect, it } from "vitest";
import { passwordProblem } from "~/accounts/password-policy";

describe("the admin's password policy", () => {
  it("accepts long passwords that are not common, including the development and test ones", () => {
    for (const password of ["larder-dev-admin", "correct-horse-battery", "a long passphrase", "quince paste on rye", "ñandú-corre-lejos"]) {
      expect(passwordProblem(password, { email: "admin@larder.local", shopName: "Masa & Co. Empanadas" }), password).toBeNull();
    }
  });

  it("refuses fewer than 12 characters, counting characters, not bytes", () => {
    expect(passwordProblem("short-pass1")).toMatch(/at least 12 characters/);
    expect(passwordProblem("ñandúñandúñ")).toMatch(/at least 12/);
    expect(passwordProblem("x".repeat(201))).toMatch(/at most 200/);
  });

  it("refuses common passwords, also padded with digits or symbols or with other separators", () => {
    for (const password of ["passwordpassword", "password123456", "monkey!!!!!!!!", "2024sunshine!!", "Correct Horse Battery Staple", "qwertyuiop123"]) {
      expect(passwordProblem(password), password).toMatch(/most common/);
    }
  });

  it("refuses one character over and over, and digits only", () => {
    expect(passwordProblem("aaaaaaaaaaaaaaa")).toMatch(/more than one character/);
    expect(passwordProblem("314159265358979")).toMatch(/letters too/);
  });

  it("refuses a password built around the email's name or the shop's name", () => {
    expect(passwordProblem("marta.gomez1990", { email: "marta.gomez@masa.example" })).toMatch(/email address or the shop's name/);
    expect(passwordProblem("MasaAndCo2024!", { shopName: "Masa and Co" })).toMatch(/shop's name/);
    expect(passwordProblem("masa-and-co-bakes-the-best", { shopName: "Masa and Co" })).toBeNull();
  });
});
