// chdb publishes `chdb/connection` through its package.json exports, which Node follows at run
// time but the compiler's classic "node" resolution does not: this maps the types to the file the
// export points at, so no path alias (that the build would have to rewrite) is needed.
declare module 'chdb/connection' {
  export * from 'chdb/dist/connection/index';
}
