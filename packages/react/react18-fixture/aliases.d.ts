// The aliases are React 18 itself; they use the React types installed beside the wrapper.
declare module 'react18' {
  export * from 'react';
}
declare module 'react-dom18/client' {
  export * from 'react-dom/client';
}
