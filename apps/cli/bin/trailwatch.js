#!/usr/bin/env node
import '../dist/trailwatch.mjs';
