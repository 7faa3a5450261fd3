#!/usr/bin/env node
// Prints the addon's sources for binding.gyp, one per line, from native/sources.txt: the one
// list CMakeLists.txt reads too, so the cmake-js and node-gyp builds cannot drift. Lines under
// native/addon/ are the N-API glue, the other native/ lines the core library; node-gyp builds
// both into the one .node (CMake makes the core a static library first).
'use strict';
const fs = require('fs');
const path = require('path');

const list = path.join(__dirname, '..', 'native', 'sources.txt');
const sources = fs
  .readFileSync(list, 'utf8')
  .split(/\r?\n/)
  .map((line) => line.trim())
  .filter((line) => /^native\//.test(line));
process.stdout.write(`${sources.join('\n')}\n`);
