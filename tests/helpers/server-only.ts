// Tests run server modules directly: the "server-only" guard (which stops client bundles) is a no-op here.
export {};
