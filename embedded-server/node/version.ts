// The node's software version, reported by XEP-0092 and the admin API.
export const NODE_VERSION = '0.1.0';
