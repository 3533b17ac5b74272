#!/usr/bin/env bash
# Search benchmark, end to end: the REST benchmark's build, pinned server and 10 x 10,000-case dataset, then
# GET /api/v1/search at 16 connections (managers, who read every record, so each query ranks the most hits)
# with a rotating mix of contact names, email starts, phone digits, topic + company and a topic alone.
# Target: p99 < 30 ms.
#
#   load-tests/search.sh                    # from the repository root
#   REUSE=1 load-tests/search.sh            # keep the data directory and dataset of a previous rest.sh/search.sh run
#
# Every variable of rest.sh applies; CONNECTIONS defaults to 16 here, and WARMUP to 60 s: on one core, with
# PostgreSQL beside it, the JVM goes on compiling the search's code paths for about a minute, which a shorter
# warm-up counts as cost per search.
set -euo pipefail
cd "$(dirname "$0")/.."
CONNECTIONS=${CONNECTIONS:-16} WARMUP=${WARMUP:-60} SCENARIOS=search exec load-tests/rest.sh
