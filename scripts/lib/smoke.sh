# shellcheck shell=bash
# Smoke checks over HTTP, shared by jar-smoke.sh and compose-smoke.sh (sourced, not run).
# Needs BASE_URL (e.g. http://localhost:8080) and WORK (a scratch directory the caller cleans up).
# Every check adds to PASSED or FAILED; smoke_summary prints "N passed, M failed" and fails if M > 0.

PASSED=0
FAILED=0

pass() { PASSED=$((PASSED + 1)); printf '  ok    %s\n' "$1"; }
fail() { FAILED=$((FAILED + 1)); printf '  FAIL  %s\n' "$1"; [ -z "${2:-}" ] || printf '        %s\n' "$2"; }

# request METHOD PATH [JSON_BODY]: sets STATUS, BODY and LOCATION
request() {
  local method=$1 path=$2 json=${3:-}
  local args=(-sS -m 15 -X "$method" -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}')
  if [ -n "$json" ]; then args+=(-H 'Content-Type: application/json' --data-binary "$json"); fi
  STATUS=$(curl "${args[@]}" "$BASE_URL$path" 2>"$WORK/curl.err") || STATUS=000
  BODY=$(cat "$WORK/body" 2>/dev/null || true)
  LOCATION=$(grep -i '^location:' "$WORK/headers" 2>/dev/null | tr -d '\r' | sed 's/^[^:]*: *//' || true)
}

# check NAME STATUS [TEXT...]: the last response has STATUS and its body contains every TEXT
check() {
  local name=$1 want=$2 text; shift 2
  if [ "$STATUS" != "$want" ]; then
    fail "$name" "expected HTTP $want, got $STATUS: ${BODY:0:300}$(cat "$WORK/curl.err" 2>/dev/null)"
    return 0
  fi
  for text in "$@"; do
    if [[ "$BODY" != *"$text"* ]]; then fail "$name" "body lacks $text: ${BODY:0:300}"; return 0; fi
  done
  pass "$name"
}

# The contract's happy and unhappy paths once each, plus the health endpoints.
smoke_run() {
  local coupon
  coupon="SMOKE_$(date +%s)_$RANDOM"
  echo "smoke run against $BASE_URL (coupon $coupon)"

  request POST /api/coupons "{\"name\":\"$coupon\",\"amount\":2}"
  check "create coupon -> 201" 201 "{\"name\":\"$coupon\",\"amount\":2,\"remaining_amount\":2,\"claimed_by\":[]}"
  if [ "$LOCATION" = "/api/coupons/$coupon" ]; then pass "create coupon -> Location header"
  else fail "create coupon -> Location header" "got '$LOCATION'"; fi

  request POST /api/coupons "{\"name\":\"$coupon\",\"amount\":5}"
  check "create it again -> 409 COUPON_ALREADY_EXISTS" 409 '"code":"COUPON_ALREADY_EXISTS"'

  request POST /api/coupons/claim "{\"user_id\":\"user_12345\",\"coupon_name\":\"$coupon\"}"
  check "claim -> 201" 201 "{\"user_id\":\"user_12345\",\"coupon_name\":\"$coupon\"}"

  request POST /api/coupons/claim "{\"user_id\":\"user_12345\",\"coupon_name\":\"$coupon\"}"
  check "claim again -> 409 COUPON_ALREADY_CLAIMED" 409 '"code":"COUPON_ALREADY_CLAIMED"'

  request GET "/api/coupons/$coupon"
  check "details -> 200, one claim" 200 \
    "{\"name\":\"$coupon\",\"amount\":2,\"remaining_amount\":1,\"claimed_by\":[\"user_12345\"]}"

  request GET "/api/coupons/NO_SUCH_${coupon}"
  check "details of unknown -> 404 COUPON_NOT_FOUND" 404 '"code":"COUPON_NOT_FOUND"'

  request POST /api/coupons/claim "{\"user_id\":\"user_12345\",\"coupon_name\":\"NO_SUCH_${coupon}\"}"
  check "claim unknown -> 404 COUPON_NOT_FOUND" 404 '"code":"COUPON_NOT_FOUND"'

  local probe
  for probe in /actuator/health /actuator/health/liveness /actuator/health/readiness; do
    request GET "$probe"
    check "$probe -> 200 UP" 200 '"status":"UP"'
  done
}

# claim_concurrently COUPON USER_PREFIX COUNT [SAME_USER]: COUNT claims at once, distinct users
# (USER_PREFIX1..COUNT) or all as USER_PREFIX when SAME_USER=same. Prints one "status code" per claim.
claim_concurrently() {
  local coupon=$1 prefix=$2 count=$3 same=${4:-}
  local dir="$WORK/race-$RANDOM$RANDOM"
  mkdir -p "$dir"
  # One curl per claim, each writing its own files, so that parallel answers cannot interleave.
  # shellcheck disable=SC2016 # the inner script expands its own positional parameters
  seq 1 "$count" | xargs -P "$count" -I{} sh -c '
    user=$3; [ "$4" = same ] || user=$3$1
    curl -sS -m 60 -o "$2/$1.body" -w "%{http_code}" -H "Content-Type: application/json" \
      --data-binary "{\"user_id\":\"$user\",\"coupon_name\":\"$5\"}" "$6/api/coupons/claim" \
      >"$2/$1.status" 2>/dev/null || echo 000 >"$2/$1.status"' sh {} "$dir" "$prefix" "$same" "$coupon" "$BASE_URL"
  local i status code
  for i in $(seq 1 "$count"); do
    status=$(cat "$dir/$i.status")
    code=$(grep -o '"code":"[A-Z_]*"' "$dir/$i.body" 2>/dev/null | cut -d'"' -f4 || true)
    echo "$status ${code:--}"
  done
}

# expect_tally NAME ACTUAL_TALLY EXPECTED_TALLY: tallies are "count status code" lines, sorted
expect_tally() {
  if [ "$2" = "$3" ]; then pass "$1: $(echo "$2" | paste -sd, - | sed 's/,/, /g')"
  else fail "$1" "expected [$(echo "$3" | paste -sd, -)], got [$(echo "$2" | paste -sd, -)]"; fi
}

tally() { sort | uniq -c | awk '{print $1, $2, $3}' | sort -k2,2 -k3,3; }

# 50 distinct users at once on a coupon of stock 5: exactly 5 win, 45 are told it is sold out.
flash_sale_attack() {
  local coupon
  coupon="ATTACK_$(date +%s)_$RANDOM"
  echo "Flash Sale Attack: 50 users at once on $coupon (stock 5)"
  request POST /api/coupons "{\"name\":\"$coupon\",\"amount\":5}"
  check "create $coupon" 201
  local results
  results=$(claim_concurrently "$coupon" attacker_ 50 | tally)
  expect_tally "50 concurrent claims" "$results" "$(printf '5 201 -\n45 409 COUPON_SOLD_OUT')"
  request GET "/api/coupons/$coupon"
  check "details -> remaining_amount 0" 200 '"remaining_amount":0'
  local holders
  holders=$( (grep -o 'attacker_[0-9]*' <<<"$BODY" || true) | sort -u | wc -l)
  if [ "$holders" -eq 5 ]; then pass "details -> 5 distinct claimants"
  else fail "details -> 5 distinct claimants" "found $holders: ${BODY:0:300}"; fi
}

# One user claims the same coupon 10 times at once: exactly one claim, nine refusals.
double_dip() {
  local coupon
  coupon="DIP_$(date +%s)_$RANDOM"
  echo "Double Dip: one user, 10 claims at once on $coupon (stock 10)"
  request POST /api/coupons "{\"name\":\"$coupon\",\"amount\":10}"
  check "create $coupon" 201
  local results
  results=$(claim_concurrently "$coupon" dipper 10 same | tally)
  expect_tally "10 concurrent claims by one user" "$results" "$(printf '1 201 -\n9 409 COUPON_ALREADY_CLAIMED')"
  request GET "/api/coupons/$coupon"
  check "details -> one claim, remaining_amount 9" 200 '"remaining_amount":9,"claimed_by":["dipper"]'
}

smoke_summary() {
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
}
