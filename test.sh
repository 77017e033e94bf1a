#!/usr/bin/env bash
# test.sh - the single entry point CI runs (.ci/run is `exec ./test.sh`).
#
# Usage:
#   ./test.sh           full run: Domain tests, Web tests on SQLite and on PostgreSQL, browser tests,
#                       the multi-instance suite (two built web apps on one PostgreSQL of its own)
#   ./test.sh --quick   developer run: Domain tests and Web tests on SQLite only
#                       (no PostgreSQL server, no browser suite)
#   ./test.sh --help    print this header
#
# What it does, in order:
#   0. Copies the repository (the files git knows, tracked or new, plus src/SkillsAudit.Web/node_modules when
#      present) into a fresh temp dir with nothing beside it and runs this script there, so every suite proves the
#      repository stands alone (no ../shared, no files outside the clone). Results still land in this clone's
#      TestResults/; the copy is removed afterwards. SKILLSAUDIT_IN_PLACE=1 runs in place instead (the copy sets it).
#   1. Installs missing system tools with apt (skipped when present): chromium, fonts-noto-cjk, the TrueType CJK
#      fonts the notice PDF embeds (fonts-arphic-uming, fonts-arphic-ukai, fonts-wqy-zenhei),
#      poppler-utils (pdftotext), a headless LibreOffice (soffice, for xlsx->csv and docx->pdf),
#      the PostgreSQL 15 server binaries when /usr/lib/postgresql/15/bin/initdb is missing, and python3-aiosmtpd
#      (the SMTP server the mail tests start on loopback).
#   2. Runs `npm ci` (or `npm install` without a lockfile) in src/SkillsAudit.Web when it has a
#      package.json and no node_modules, and `npm ci` in tools/openapi-lint (the pinned Redocly CLI that
#      OpenApiDocumentTests lints /openapi/v1.json with; installed there, never globally).
#   3. Full run only: starts a throwaway PostgreSQL 15 cluster in a temp dir, owned by the
#      `postgres` system user, listening on 127.0.0.1 on a free port with trust auth, and creates
#      the database skillsaudit_test. It is always stopped and its temp dir removed on exit
#      (success, failure or Ctrl-C); its server log is copied to the results dir first.
#   4. Builds SkillsAudit.slnx once, then runs each suite with `dotnet test --no-build`.
#      A failing suite does not stop the next one.
#   5. Prints the last line `Tests: N passed, N failed, N skipped`, summed from the TRX files.
#      A suite that crashed, hung or produced no TRX counts as at least 1 failed; a build
#      failure counts as 1 failed per suite. The exit code is non-zero when anything failed.
#
# Environment passed to the suites:
#   SKILLSAUDIT_CHROMIUM=<path of chromium>          all suites
#   SKILLSAUDIT_REDOCLY=<tools/openapi-lint/node_modules/.bin/redocly>
#                                                    Web.Tests: the OpenAPI linter (the lint test fails without it)
#   SKILLSAUDIT_TEST_PROVIDER=sqlite | postgres      Web.Tests
#   SKILLSAUDIT_TEST_PG="Host=127.0.0.1;Port=N;Username=postgres;Database=skillsaudit_test"
#                                                    Web.Tests (postgres run); the role is superuser
#   SKILLSAUDIT_PG_BIN=/usr/lib/postgresql/15/bin    MultiInstance.Tests: it runs its own throwaway cluster from
#                                                    these binaries (as the postgres user when root), so that it
#                                                    can restart PostgreSQL under two running app instances
#
# Results: TestResults/ at the repo root (override with TEST_RESULTS_DIR): <suite>.trx and
#   <suite>.log per suite, build.log, npm.log, apt.log, postgres.log.
# Other knobs: TEST_CONFIGURATION (default Release), TEST_HANG_TIMEOUT (per test, default 10m),
#   SKILLSAUDIT_IN_PLACE=1 (skip step 0).

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

QUICK=0
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    -h|--help) sed -n '2,/^$/{s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) echo "test.sh: unknown argument: $arg (try --help)" >&2; exit 2 ;;
  esac
done

CONFIG="${TEST_CONFIGURATION:-Release}"
RESULTS="${TEST_RESULTS_DIR:-$ROOT/TestResults}"
HANG_TIMEOUT="${TEST_HANG_TIMEOUT:-10m}"
PG_BIN=/usr/lib/postgresql/15/bin
PG_DB=skillsaudit_test

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DOTNET_CLI_UI_LANGUAGE=en MSBUILDTERMINALLOGGER=off

PASSED=0 FAILED=0 SKIPPED=0
SUMMARY_PRINTED=0
SUITE_LINES=()
PG_TMP="" PG_PORT="" PG_STARTED=0
START_SECONDS=$SECONDS

# ---------------------------------------------------------------- stand-alone copy (step 0)
if [[ "${SKILLSAUDIT_IN_PLACE:-0}" != 1 ]]; then
  if [[ "$RESULTS" == "$ROOT/TestResults" ]]; then rm -rf -- "$RESULTS"; fi
  mkdir -p "$RESULTS"
  ALONE_TMP="$(mktemp -d "${TMPDIR:-/tmp}/skillsaudit-alone.XXXXXX")"
  trap 'rm -rf -- "$ALONE_TMP"' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  ALONE="$ALONE_TMP/SkillsAudit"
  mkdir -p "$ALONE"
  copy_repository() {
    if git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
      # tracked and new (not ignored) files that exist: what a commit of this work tree would hold
      (cd "$ROOT" && git ls-files -z --cached --others --exclude-standard \
        | while IFS= read -r -d '' f; do if [[ -e "$f" || -L "$f" ]]; then printf '%s\0' "$f"; fi; done \
        | xargs -0 -r cp -P --parents -t "$ALONE")
    else
      (cd "$ROOT" && tar --exclude=./TestResults --exclude='*/bin' --exclude='*/obj' --exclude='*/node_modules' -cf - .) \
        | (cd "$ALONE" && tar -xf -)
    fi
    if [[ -d "$ROOT/src/SkillsAudit.Web/node_modules" ]]; then
      cp -a "$ROOT/src/SkillsAudit.Web/node_modules" "$ALONE/src/SkillsAudit.Web/"
    fi
    if [[ -d "$ROOT/tools/openapi-lint/node_modules" ]]; then
      cp -a "$ROOT/tools/openapi-lint/node_modules" "$ALONE/tools/openapi-lint/"
    fi
  }
  if ! copy_repository; then
    echo "test.sh: could not copy the repository to $ALONE"
    echo "Tests: 0 passed, 1 failed, 0 skipped"
    exit 1
  fi
  printf '==== Stand-alone copy ====\n  running from %s (nothing beside it); results in %s\n' "$ALONE" "$RESULTS"
  rc=0
  (cd "$ALONE_TMP" && SKILLSAUDIT_IN_PLACE=1 TEST_RESULTS_DIR="$RESULTS" "$ALONE/test.sh" "$@") || rc=$?
  exit "$rc"
fi

section() { printf '\n==== %s ====\n' "$*"; }
note() { printf '  %s\n' "$*"; }

# initdb refuses to run as root: as root, run the server tools as the `postgres` system user.
as_pg() { if ((EUID == 0)); then runuser -u postgres -- "$@"; else "$@"; fi; }

# ---------------------------------------------------------------- cleanup / exit handling
stop_postgres() {
  if [[ -n "$PG_TMP" && -d "$PG_TMP" ]]; then
    if [[ "$PG_STARTED" == 1 || -f "$PG_TMP/data/postmaster.pid" ]]; then
      (cd "$PG_TMP" && as_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m fast -w -t 30 stop) \
          >>"$PG_TMP/pg.log" 2>&1 \
        || (cd "$PG_TMP" && as_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate -w -t 30 stop) \
          >>"$PG_TMP/pg.log" 2>&1 \
        || true
      PG_STARTED=0
    fi
    if [[ -d "$RESULTS" ]]; then
      cat "$PG_TMP/pg.log" "$PG_TMP/server.log" >"$RESULTS/postgres.log" 2>/dev/null || true
    fi
    rm -rf -- "$PG_TMP" || true
    PG_TMP=""
  fi
}

print_summary() {
  local line="Tests: $PASSED passed, $FAILED failed, $SKIPPED skipped"
  SUMMARY_PRINTED=1
  echo "$line"
}

on_exit() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  stop_postgres
  if [[ "$SUMMARY_PRINTED" == 0 ]]; then
    echo
    echo "test.sh: aborted (exit code $rc) before all suites ran"
    ((FAILED < 1)) && FAILED=1
    print_summary
    ((rc == 0)) && rc=1
  fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Start from an empty results dir (only our own files when TEST_RESULTS_DIR points elsewhere).
if [[ "$RESULTS" == "$ROOT/TestResults" ]]; then rm -rf -- "$RESULTS"; fi
mkdir -p "$RESULTS"
rm -f -- "$RESULTS"/*.trx "$RESULTS"/*.log

# ---------------------------------------------------------------- system packages
section "System packages"
have_cjk_font() {
  local families
  command -v fc-list >/dev/null 2>&1 || return 1
  families="$(fc-list : family 2>/dev/null || true)"
  [[ "${families,,}" == *"noto sans cjk"* ]]
}
APT_PKGS=()
command -v chromium >/dev/null 2>&1 || APT_PKGS+=(chromium)
command -v fc-list >/dev/null 2>&1 || APT_PKGS+=(fontconfig)
have_cjk_font || APT_PKGS+=(fonts-noto-cjk)
# TrueType CJK faces (宋/仿宋-like UMing, 楷体-like UKai, 黑体-like WenQuanYi Zen Hei): Chromium embeds them in the notice
# PDF as CID fonts; Noto CJK (CFF outlines) would be printed as Type 3 glyphs.
[[ -f /usr/share/fonts/truetype/arphic/uming.ttc ]] || APT_PKGS+=(fonts-arphic-uming)
[[ -f /usr/share/fonts/truetype/arphic/ukai.ttc ]] || APT_PKGS+=(fonts-arphic-ukai)
[[ -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ]] || APT_PKGS+=(fonts-wqy-zenhei)
command -v pdftotext >/dev/null 2>&1 || APT_PKGS+=(poppler-utils)
# Debian 12 splits LibreOffice into *-nogui variants; these two pull libreoffice-core-nogui
# (soffice) without any X11/GTK front end. fonts-liberation2 gives docx->pdf metric-compatible
# replacements for Arial/Times New Roman (it is only a Recommends, which we do not install).
command -v soffice >/dev/null 2>&1 || APT_PKGS+=(libreoffice-writer-nogui libreoffice-calc-nogui fonts-liberation2)
if [[ "$QUICK" == 0 && ! -x "$PG_BIN/initdb" ]]; then APT_PKGS+=(postgresql-15); fi
# A real SMTP server for the mail tests (Web.Tests SmtpSink starts `python3 -m aiosmtpd` on a free loopback port).
/usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || APT_PKGS+=(python3-aiosmtpd)
if ((${#APT_PKGS[@]})); then
  note "installing: ${APT_PKGS[*]} (log: $RESULTS/apt.log)"
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get -o DPkg::Lock::Timeout=600 update \
         && apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${APT_PKGS[@]}"; } \
         >"$RESULTS/apt.log" 2>&1; then
    tail -n 30 "$RESULTS/apt.log"
    echo "apt-get failed; see $RESULTS/apt.log"
    exit 1
  fi
else
  note "all present"
fi
note "chromium:  $(command -v chromium || echo MISSING)"
note "pdftotext: $(command -v pdftotext || echo MISSING)"
note "soffice:   $(command -v soffice || echo MISSING)"
have_cjk_font && note "Noto Sans CJK: present" || note "Noto Sans CJK: MISSING"
CHROMIUM="$(command -v chromium || echo /usr/bin/chromium)"
export SKILLSAUDIT_CHROMIUM="$CHROMIUM"

# ---------------------------------------------------------------- front-end assets
WEB_DIR="$ROOT/src/SkillsAudit.Web"
if [[ -f "$WEB_DIR/package.json" ]]; then
  section "Front-end packages (npm)"
  if [[ -d "$WEB_DIR/node_modules" ]]; then
    note "node_modules present, skipping"
  else
    if [[ -f "$WEB_DIR/package-lock.json" ]]; then npm_cmd=(npm ci); else npm_cmd=(npm install); fi
    note "${npm_cmd[*]} (log: $RESULTS/npm.log)"
    if ! (cd "$WEB_DIR" && "${npm_cmd[@]}" --no-audit --no-fund) >"$RESULTS/npm.log" 2>&1; then
      tail -n 30 "$RESULTS/npm.log"
      echo "npm failed; see $RESULTS/npm.log"
      exit 1
    fi
  fi
fi

# The OpenAPI linter (Redocly CLI, pinned in tools/openapi-lint/package.json), in its own folder, not global.
LINT_DIR="$ROOT/tools/openapi-lint"
if [[ -f "$LINT_DIR/package.json" ]]; then
  section "OpenAPI linter (npm)"
  if [[ -x "$LINT_DIR/node_modules/.bin/redocly" ]]; then
    note "node_modules present, skipping"
  else
    note "npm ci in tools/openapi-lint (log: $RESULTS/npm-lint.log)"
    if ! (cd "$LINT_DIR" && npm ci --no-audit --no-fund) >"$RESULTS/npm-lint.log" 2>&1; then
      tail -n 30 "$RESULTS/npm-lint.log"
      echo "npm failed; see $RESULTS/npm-lint.log"
      exit 1
    fi
  fi
  # The lint test fails (never skips) when this path has no linter.
  export SKILLSAUDIT_REDOCLY="$LINT_DIR/node_modules/.bin/redocly"
fi

# ---------------------------------------------------------------- PostgreSQL
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_postgres() {
  if ((EUID == 0)) && ! id postgres >/dev/null 2>&1; then
    useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin postgres
  fi
  PG_TMP="$(mktemp -d "${TMPDIR:-/tmp}/skillsaudit-pg.XXXXXX")"
  chmod 700 "$PG_TMP"
  # pg.log: our commands' output (root); server.log: the server's own log (written by postgres).
  : >"$PG_TMP/server.log"
  if ((EUID == 0)); then chown postgres: "$PG_TMP" "$PG_TMP/server.log"; fi
  # runuser keeps the cwd, so the commands below start from a directory the postgres user can read.
  if ! (cd "$PG_TMP" && as_pg "$PG_BIN/initdb" -D "$PG_TMP/data" -U postgres \
        --auth=trust --encoding=UTF8 --locale=C.UTF-8) >"$PG_TMP/pg.log" 2>&1; then
    cat "$PG_TMP/pg.log"; return 1
  fi
  cat >>"$PG_TMP/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PG_TMP'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
  local attempt port
  for attempt in 1 2 3; do
    port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    port_in_use "$port" && continue
    if (cd "$PG_TMP" && as_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" \
          -o "-p $port" -w -t 60 start) >>"$PG_TMP/pg.log" 2>&1; then
      PG_PORT=$port PG_STARTED=1
      break
    fi
    note "PostgreSQL did not start on port $port (attempt $attempt)"
    if [[ -f "$PG_TMP/data/postmaster.pid" ]]; then
      (cd "$PG_TMP" && as_pg "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate -w -t 30 stop) >>"$PG_TMP/pg.log" 2>&1 || true
    fi
  done
  if [[ "$PG_STARTED" != 1 ]]; then tail -n 20 "$PG_TMP/pg.log" "$PG_TMP/server.log"; return 1; fi
  "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt \
    -c "CREATE DATABASE $PG_DB" >>"$PG_TMP/pg.log" 2>&1 || { tail -n 30 "$PG_TMP/pg.log"; return 1; }
  note "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT," \
    "data in $PG_TMP, database $PG_DB"
}

if [[ "$QUICK" == 0 ]]; then
  section "PostgreSQL (throwaway)"
  if ! start_postgres; then echo "could not start PostgreSQL"; exit 1; fi
  PG_CONN="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=$PG_DB"
fi

# ---------------------------------------------------------------- build
SUITES=(domain web-sqlite)
[[ "$QUICK" == 0 ]] && SUITES+=(web-postgres browser multi-instance)

section "Build ($CONFIG)"
build_start=$SECONDS
if dotnet build "$ROOT/SkillsAudit.slnx" -c "$CONFIG" -nologo >"$RESULTS/build.log" 2>&1; then
  note "build succeeded in $((SECONDS - build_start))s (log: $RESULTS/build.log)"
  BUILD_OK=1
else
  BUILD_OK=0
  echo "BUILD FAILED after $((SECONDS - build_start))s (log: $RESULTS/build.log)"
  errors="$(grep -E ': (error|fatal error) ' "$RESULTS/build.log" | sed 's/^ *//' | sort -u || true)"
  if [[ -n "$errors" ]]; then printf '%s\n' "$errors" | head -n 60 || true; else tail -n 40 "$RESULTS/build.log"; fi
fi

# ---------------------------------------------------------------- suites
counter() { # counter FILE ATTR -> number from the first <Counters .../> element, 0 if absent
  local c
  c="$(grep -o '<Counters [^>]*>' "$1" 2>/dev/null | head -n 1 | grep -o " $2=\"[0-9]*\"" | grep -o '[0-9][0-9]*' || true)"
  echo "${c:-0}"
}

show_failures() { # print the failed-test blocks of a VSTest console log, at most 200 lines
  awk '
    /^  Failed / { on = 1 }
    /^  (Passed|Skipped) / { on = 0 }
    /^(Passed|Failed)! +-/ || /^Test Run (Aborted|Failed)/ || /^Total tests:/ || /^Results File:/ { on = 0 }
    on { print }
  ' "$1" | head -n 200 || true
}

run_suite() { # run_suite NAME PROJECT [VAR=value ...]
  local name=$1 project=$2; shift 2
  local log="$RESULTS/$name.log" trx="$RESULTS/$name.trx" rc=0 t0=$SECONDS
  section "Suite: $name ($project${*:+; $*})"
  if [[ "$BUILD_OK" != 1 ]]; then
    note "not run: the build failed (counted as 1 failed)"
    FAILED=$((FAILED + 1)); SUITE_LINES+=("$name: not run (build failed)")
    return 0
  fi
  env "$@" dotnet test "$ROOT/$project" -c "$CONFIG" --no-build --nologo \
    --results-directory "$RESULTS" \
    --logger "trx;LogFileName=$name.trx" \
    --logger "console;verbosity=normal" \
    --blame-hang-timeout "$HANG_TIMEOUT" --blame-hang-dump-type none \
    >"$log" 2>&1 || rc=$?

  local p=0 f=0 s=0 total=0
  if [[ -f "$trx" ]]; then
    p=$(counter "$trx" passed)
    f=$(( $(counter "$trx" failed) + $(counter "$trx" error) + $(counter "$trx" timeout) + $(counter "$trx" aborted) ))
    total=$(counter "$trx" total)
    # xunit's skipped tests are in total but not in executed (notExecuted stays 0).
    s=$(( total - $(counter "$trx" executed) )); ((s < 0)) && s=0
  fi
  local status
  if [[ ! -f "$trx" ]]; then
    status="CRASHED (exit $rc, no TRX)"; ((f < 1)) && f=1
  elif ((rc != 0 && f == 0)); then
    status="CRASHED (exit $rc, no failed test recorded)"; f=1
  elif ((f > 0)); then
    status="FAILED"
  else
    status="ok"
  fi
  [[ "$status" == ok ]] && ((total == 0)) && status="ok (no tests)"
  PASSED=$((PASSED + p)); FAILED=$((FAILED + f)); SKIPPED=$((SKIPPED + s))

  if [[ "$status" != ok* ]]; then
    local failures
    failures="$(show_failures "$log")"
    if [[ -n "$failures" ]]; then printf '%s\n' "$failures"; else tail -n 30 "$log" | cut -c1-300; fi
  fi
  local line
  line="$(printf '%-13s %4d passed, %4d failed, %4d skipped %5ss  %s' "$name:" "$p" "$f" "$s" $((SECONDS - t0)) "$status")"
  note "$line  (log: $log)"
  SUITE_LINES+=("$line")
}

for suite in "${SUITES[@]}"; do
  case "$suite" in
    domain)       run_suite domain tests/SkillsAudit.Domain.Tests ;;
    web-sqlite)   run_suite web-sqlite tests/SkillsAudit.Web.Tests SKILLSAUDIT_TEST_PROVIDER=sqlite ;;
    web-postgres) run_suite web-postgres tests/SkillsAudit.Web.Tests SKILLSAUDIT_TEST_PROVIDER=postgres \
                    "SKILLSAUDIT_TEST_PG=$PG_CONN" ;;
    browser)      run_suite browser tests/SkillsAudit.Browser.Tests ;;
    multi-instance) run_suite multi-instance tests/SkillsAudit.MultiInstance.Tests "SKILLSAUDIT_PG_BIN=$PG_BIN" ;;
  esac
done

# ---------------------------------------------------------------- summary
stop_postgres
# --blame leaves empty per-run GUID folders behind; keep the results dir readable.
find "$RESULTS" -mindepth 1 -type d -empty -delete 2>/dev/null || true
section "Summary ($((SECONDS - START_SECONDS))s; results in $RESULTS)"
[[ "$QUICK" == 1 ]] && note "--quick: PostgreSQL and browser suites skipped"
for l in "${SUITE_LINES[@]}"; do note "$l"; done
echo
print_summary
if ((FAILED > 0)) || [[ "$BUILD_OK" != 1 ]]; then exit 1; fi
exit 0
