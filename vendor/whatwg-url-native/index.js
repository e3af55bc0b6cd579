'use strict';
// node-fetch 2 reads `require('whatwg-url').URL` only when Node lacks a global URL; Node 20+ has it.
exports.URL = URL;
exports.URLSearchParams = URLSearchParams;
