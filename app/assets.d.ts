// What the Remix compiler makes of an imported stylesheet: its built, content-hashed URL.
declare module "*.css" {
  const href: string;
  export default href;
}
