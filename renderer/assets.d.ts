// Side-effect style imports that Vite bundles.
declare module '*.css';
