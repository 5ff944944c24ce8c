;; A hand-written module following the OPA Wasm ABI 1.x (what `opa build -t wasm`
;; emits, minus the real evaluator), for testing syncgate's Wasm adapter. It exports
;; both the 1.1 context API and 1.2's one-call opa_eval; the test sets the minor
;; version global (ABI_MINOR below) to make the SDK take one path or the other.
;; Values are represented as the address of their NUL-terminated JSON text, so
;; opa_json_parse copies text and opa_json_dump returns its argument.
;; Entrypoint 0 "main/deny": returns [{"result": [{"msg": "...", "keys": object.keys(input)}]}]
;;   calling the host builtin object.keys (which the JS SDK does not implement).
;; Entrypoint 1 "main/warn": aborts (opa_abort), as a failing policy does.
(module
  (import "env" "memory" (memory 2))
  (import "env" "opa_abort" (func $opa_abort (param i32)))
  (import "env" "opa_println" (func $opa_println (param i32)))
  (import "env" "opa_builtin0" (func $opa_builtin0 (param i32 i32) (result i32)))
  (import "env" "opa_builtin1" (func $opa_builtin1 (param i32 i32 i32) (result i32)))
  (import "env" "opa_builtin2" (func $opa_builtin2 (param i32 i32 i32 i32) (result i32)))
  (import "env" "opa_builtin3" (func $opa_builtin3 (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "opa_builtin4" (func $opa_builtin4 (param i32 i32 i32 i32 i32 i32) (result i32)))

  (global $heap (mut i32) (i32.const 65536))
  (global (export "opa_wasm_abi_version") i32 (i32.const 1))
  (global (export "opa_wasm_abi_minor_version") i32 (i32.const ABI_MINOR))

  (data (i32.const 1024) "{\"object.keys\":0}\00")
  (data (i32.const 1100) "{\"main/deny\":0,\"main/warn\":1}\00")
  (data (i32.const 1200) "[{\"result\":[{\"msg\":\"fixed deny from wasm\",\"pointer\":\"/metadata/name\",\"keys\":\00")
  (data (i32.const 1400) "}]}]\00")
  (data (i32.const 1450) "null\00")
  (data (i32.const 1500) "policy aborted on purpose\00")

  (func $strlen (param $p i32) (result i32)
    (local $n i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (i32.load8_u (i32.add (local.get $p) (local.get $n)))))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $n))

  ;; copy n bytes from src to dst; returns dst + n
  (func $copy (param $dst i32) (param $src i32) (param $n i32) (result i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store8 (i32.add (local.get $dst) (local.get $i)) (i32.load8_u (i32.add (local.get $src) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.add (local.get $dst) (local.get $n)))

  (func $opa_malloc (export "opa_malloc") (param $n i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $heap))
    ;; keep 8-byte alignment
    (global.set $heap (i32.and (i32.add (i32.add (local.get $p) (local.get $n)) (i32.const 7)) (i32.const -8)))
    ;; grow memory when the heap passes its end
    (if (i32.gt_u (global.get $heap) (i32.mul (memory.size) (i32.const 65536)))
      (then (drop (memory.grow (i32.add (i32.div_u (i32.sub (global.get $heap) (i32.mul (memory.size) (i32.const 65536))) (i32.const 65536)) (i32.const 1))))))
    (local.get $p))

  (func (export "opa_free") (param i32))
  (func (export "opa_heap_ptr_get") (result i32) (global.get $heap))
  (func (export "opa_heap_ptr_set") (param $p i32) (global.set $heap (local.get $p)))

  (func (export "opa_json_parse") (param $p i32) (param $n i32) (result i32)
    (local $v i32)
    (local.set $v (call $opa_malloc (i32.add (local.get $n) (i32.const 1))))
    (i32.store8 (call $copy (local.get $v) (local.get $p) (local.get $n)) (i32.const 0))
    (local.get $v))
  (func (export "opa_value_parse") (param $p i32) (param $n i32) (result i32)
    (call $opa_malloc (i32.const 0)))
  (func (export "opa_json_dump") (param $v i32) (result i32) (local.get $v))
  (func (export "opa_value_dump") (param $v i32) (result i32) (local.get $v))

  ;; eval context: input @0, data @4, entrypoint @8, result @12
  (func (export "opa_eval_ctx_new") (result i32)
    (local $c i32)
    (local.set $c (call $opa_malloc (i32.const 16)))
    (i32.store (local.get $c) (i32.const 0))
    (i32.store offset=4 (local.get $c) (i32.const 0))
    (i32.store offset=8 (local.get $c) (i32.const 0))
    (i32.store offset=12 (local.get $c) (i32.const 0))
    (local.get $c))
  (func (export "opa_eval_ctx_set_input") (param $c i32) (param $v i32) (i32.store (local.get $c) (local.get $v)))
  (func (export "opa_eval_ctx_set_data") (param $c i32) (param $v i32) (i32.store offset=4 (local.get $c) (local.get $v)))
  (func (export "opa_eval_ctx_set_entrypoint") (param $c i32) (param $e i32) (i32.store offset=8 (local.get $c) (local.get $e)))
  (func (export "opa_eval_ctx_get_result") (param $c i32) (result i32) (i32.load offset=12 (local.get $c)))

  (func (export "builtins") (result i32) (i32.const 1024))
  (func (export "entrypoints") (result i32) (i32.const 1100))

  (func $eval (export "eval") (param $c i32) (result i32)
    (local $keys i32) (local $out i32) (local $end i32) (local $a i32) (local $b i32) (local $d i32)
    (if (i32.eq (i32.load offset=8 (local.get $c)) (i32.const 1))
      (then (call $opa_abort (i32.const 1500)) (return (i32.const 1))))
    ;; keys := object.keys(input)  (host builtin 0)
    (local.set $keys (call $opa_builtin1 (i32.const 0) (i32.const 0) (i32.load (local.get $c))))
    (if (i32.eqz (local.get $keys)) (then (local.set $keys (i32.const 1450))))
    (local.set $a (call $strlen (i32.const 1200)))
    (local.set $b (call $strlen (local.get $keys)))
    (local.set $d (call $strlen (i32.const 1400)))
    (local.set $out (call $opa_malloc (i32.add (i32.add (i32.add (local.get $a) (local.get $b)) (local.get $d)) (i32.const 1))))
    (local.set $end (call $copy (local.get $out) (i32.const 1200) (local.get $a)))
    (local.set $end (call $copy (local.get $end) (local.get $keys) (local.get $b)))
    (local.set $end (call $copy (local.get $end) (i32.const 1400) (local.get $d)))
    (i32.store8 (local.get $end) (i32.const 0))
    (i32.store offset=12 (local.get $c) (local.get $out))
    (i32.const 0))

  ;; ABI 1.2: input JSON text at $in (not NUL-terminated), heap continues at $heap_ptr;
  ;; returns the address of the result set's JSON text.
  (func (export "opa_eval") (param $reserved i32) (param $ep i32) (param $data i32) (param $in i32) (param $len i32) (param $heap_ptr i32) (param $format i32) (result i32)
    (local $c i32) (local $v i32)
    (global.set $heap (local.get $heap_ptr))
    (local.set $v (call $opa_malloc (i32.add (local.get $len) (i32.const 1))))
    (i32.store8 (call $copy (local.get $v) (local.get $in) (local.get $len)) (i32.const 0))
    (local.set $c (call $opa_malloc (i32.const 16)))
    (i32.store (local.get $c) (local.get $v))
    (i32.store offset=4 (local.get $c) (local.get $data))
    (i32.store offset=8 (local.get $c) (local.get $ep))
    (i32.store offset=12 (local.get $c) (i32.const 0))
    (drop (call $eval (local.get $c)))
    (i32.load offset=12 (local.get $c)))
)
