#!/usr/bin/env node
require('../lib/enterprise-flyte.js');
