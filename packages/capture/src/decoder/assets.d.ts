// Vite's `?url` imports: the bundler copies the file and the import is its served URL.
declare module '*?url' {
  const url: string;
  export default url;
}
