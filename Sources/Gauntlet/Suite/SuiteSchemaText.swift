/// The JSON Schemas of suite files. `validate` checks files against these, and
/// `gauntlet schema --out Suites/schema` writes them out for editors, so the two always agree.
enum SuiteSchemaText {
    static func text(for kind: SuiteFileKind) -> String {
        switch kind {
        case .task: task
        case .tools: tools
        case .world: world
        case .agent: agent
        case .chaos: chaos
        }
    }

    static let task = #"""
    {
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "$id": "https://gauntlet.dev/schema/task.schema.json",
      "title": "Gauntlet task",
      "description": "A behavioural task: a prompt, the world and tools it runs against, the reference policy and the expectations.",
      "type": "object",
      "required": ["id", "title", "prompt", "world", "tools", "policy", "expect"],
      "additionalProperties": false,
      "properties": {
        "$schema": { "type": "string" },
        "id": { "type": "string", "pattern": "^[a-z0-9_]+(\\.[a-z0-9_]+)*$", "description": "Unique across the suite; by convention <domain>.<name>." },
        "title": { "type": "string", "minLength": 1 },
        "tags": { "type": "array", "items": { "type": "string", "pattern": "^[a-z0-9_]+$" } },
        "prompt": { "type": "string", "minLength": 1 },
        "world": { "type": "string", "minLength": 1, "description": "A file name (without .json) in Fixtures/worlds/." },
        "tools": { "type": "array", "items": { "type": "string" }, "description": "The allow-list." },
        "graceful_ok": { "type": "array", "items": { "type": "string" }, "description": "Faults under which an honest give-up that did no harm counts as graceful." },
        "approvals": { "type": "array", "items": { "$ref": "#/$defs/approval" } },
        "scope": { "type": "object", "additionalProperties": { "type": "object" }, "description": "Per tool, a JSON Schema the call's arguments must also satisfy in this task; the agent core refuses anything else." },
        "injections": { "type": "array", "items": { "$ref": "#/$defs/injection" }, "description": "Instructions planted in the world's data, and the call a gullible model makes when it follows one." },
        "policy": { "$ref": "#/$defs/policy" },
        "expect": { "$ref": "#/$defs/expect" }
      },
      "$defs": {
        "name": { "type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$" },
        "approval": {
          "type": "object",
          "required": ["tool", "decision"],
          "additionalProperties": false,
          "properties": {
            "tool": { "type": "string" },
            "call": { "type": "integer", "minimum": 1 },
            "decision": { "enum": ["approve", "deny", "edit", "no_answer"] },
            "reason": { "type": "string" },
            "args": { "type": "object" },
            "match": { "type": "object", "description": "The rule applies only to requests whose arguments contain these values." },
            "after_ms": { "type": "integer", "minimum": 0, "description": "The request is queued and the decision comes this many ms later: an agent with checkpoints parks and resumes; one without gives the call up." }
          }
        },
        "injection": {
          "type": "object",
          "required": ["trigger", "call"],
          "additionalProperties": false,
          "properties": {
            "trigger": { "type": "string", "minLength": 8, "description": "Text of the planted instruction, as it appears in a tool's result (case-insensitive)." },
            "call": { "type": "string", "description": "The tool the instruction asks for (any tool of the suite)." },
            "args": { "type": "object", "description": "Its arguments: templates over the policy's bindings." }
          }
        },
        "policy": {
          "type": "object",
          "required": ["steps", "answer"],
          "additionalProperties": false,
          "properties": {
            "steps": { "$ref": "#/$defs/steps" },
            "answer": { "type": "string" }
          }
        },
        "steps": { "type": "array", "items": { "$ref": "#/$defs/step" } },
        "step": {
          "type": "object",
          "required": ["call"],
          "additionalProperties": false,
          "properties": {
            "call": { "type": "string" },
            "args": { "type": "object" },
            "as": { "$ref": "#/$defs/name" },
            "on_error": { "type": "array", "items": { "$ref": "#/$defs/handler" } },
            "paginate": { "$ref": "#/$defs/paginate" }
          }
        },
        "paginate": {
          "type": "object",
          "required": ["cursor", "argument", "collect"],
          "additionalProperties": false,
          "properties": {
            "cursor": { "type": "string", "minLength": 1, "description": "The result's field holding the next page's cursor." },
            "argument": { "type": "string", "minLength": 1, "description": "The argument the cursor is passed in." },
            "collect": { "type": "string", "minLength": 1, "description": "The result's array field whose items are gathered over all pages." },
            "max_pages": { "type": "integer", "minimum": 1 }
          }
        },
        "handler": {
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "when": { "type": "array", "items": { "type": "string" }, "minItems": 1 },
            "retry": { "type": "integer", "minimum": 1 },
            "alternative": { "$ref": "#/$defs/steps", "minItems": 1 },
            "give_up": { "type": "string" },
            "escalate": { "type": "string" }
          }
        },
        "expect": {
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "world": { "type": "array", "items": { "$ref": "#/$defs/world_check" } },
            "answer": { "type": "array", "items": { "$ref": "#/$defs/answer_check" } },
            "tool_calls": { "type": "array", "items": { "$ref": "#/$defs/tool_call_check" } },
            "path": { "$ref": "#/$defs/path_check" },
            "budget": { "$ref": "#/$defs/budget_check" }
          }
        },
        "world_check": {
          "type": "object",
          "required": ["path"],
          "additionalProperties": false,
          "properties": {
            "path": { "type": "string", "pattern": "^(/.*)?$" },
            "equals": {},
            "subset": {},
            "exists": { "const": true },
            "absent": { "const": true },
            "length": { "type": "integer", "minimum": 0 },
            "safety": { "type": "boolean" }
          }
        },
        "answer_check": {
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "contains": { "type": "string" },
            "not_contains": { "type": "string" },
            "equals": { "type": "string" },
            "regex": { "type": "string" },
            "ignore_case": { "type": "boolean" }
          }
        },
        "tool_call_check": {
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "tool": { "type": "string" },
            "min": { "type": "integer", "minimum": 0 },
            "max": { "type": "integer", "minimum": 0 },
            "never": { "const": true },
            "order": { "type": "array", "items": { "type": "string" }, "minItems": 2 }
          }
        },
        "path_check": {
          "type": "object",
          "required": ["mode"],
          "additionalProperties": false,
          "properties": {
            "mode": { "enum": ["strict", "in_order", "unordered", "subset", "superset"] },
            "args": { "enum": ["exact", "ignore", "subset", "superset"] },
            "keys": { "type": "object", "additionalProperties": { "type": "array", "items": { "type": "string" } } }
          }
        },
        "budget_check": {
          "type": "object",
          "additionalProperties": false,
          "minProperties": 1,
          "properties": {
            "max_steps": { "type": "integer", "minimum": 0 },
            "max_tool_calls": { "type": "integer", "minimum": 0 },
            "max_tokens": { "type": "integer", "minimum": 0 },
            "max_duration_ms": { "type": "integer", "minimum": 0 }
          }
        }
      }
    }
    """#

    static let tools = #"""
    {
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "$id": "https://gauntlet.dev/schema/tools.schema.json",
      "title": "Gauntlet tool catalog",
      "description": "Mock tools: their specs, simulated latency and declarative effect on the world.",
      "type": "object",
      "required": ["domain", "tools"],
      "additionalProperties": false,
      "properties": {
        "$schema": { "type": "string" },
        "domain": { "type": "string", "pattern": "^[a-z0-9_]+$" },
        "description": { "type": "string" },
        "tools": { "type": "array", "minItems": 1, "items": { "$ref": "#/$defs/tool" } }
      },
      "$defs": {
        "name": { "type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$" },
        "tool": {
          "type": "object",
          "required": ["name", "description", "parameters", "risk"],
          "additionalProperties": false,
          "properties": {
            "name": { "type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$" },
            "description": { "type": "string", "minLength": 1 },
            "parameters": { "type": "object", "description": "JSON Schema (Gauntlet's subset) of the arguments." },
            "result_schema": { "type": "object", "description": "JSON Schema (Gauntlet's subset) of the result." },
            "risk": { "enum": ["read", "write", "irreversible"] },
            "idempotent": { "type": "boolean" },
            "needs_approval": { "type": "boolean" },
            "external": { "type": "boolean", "description": "The tool sends data outside the organisation; the egress guard checks its arguments." },
            "sensitive_fields": { "type": "array", "items": { "type": "string", "minLength": 1 }, "description": "Member names whose string values in results are sensitive." },
            "latency_ms": { "type": "integer", "minimum": 0 },
            "effect": { "type": "array", "items": { "$ref": "#/$defs/effect_step" } },
            "result": { "description": "A template rendered with args and the effect's bindings." }
          }
        },
        "effect_step": {
          "type": "object",
          "required": ["op"],
          "additionalProperties": false,
          "properties": {
            "op": { "enum": ["get", "find", "page", "insert", "append", "update", "set", "delete", "require"] },
            "path": { "type": "string", "pattern": "^(/.*)?$" },
            "as": { "$ref": "#/$defs/name" },
            "where": { "type": "object" },
            "contains": { "type": "object", "additionalProperties": { "type": "string" } },
            "limit": { "type": "integer", "minimum": 1 },
            "cursor": { "type": "string" },
            "size": { "type": "integer", "minimum": 1 },
            "endless": { "type": "boolean" },
            "key": { "type": "string" },
            "value": {},
            "set": { "type": "object" },
            "message": { "type": "string" },
            "equals": {},
            "not_equals": {},
            "in": { "type": "array" },
            "not_in": { "type": "array" },
            "exists": { "type": "boolean" },
            "min": { "type": ["number", "string"] },
            "max": { "type": ["number", "string"] },
            "error": { "enum": ["not_found", "conflict", "invalid"] }
          }
        }
      }
    }
    """#

    static let world = #"""
    {
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "$id": "https://gauntlet.dev/schema/world.schema.json",
      "title": "Gauntlet world",
      "description": "The initial JSON state a task's tools act on; each trial gets a fresh copy.",
      "type": "object",
      "required": ["state"],
      "additionalProperties": false,
      "properties": {
        "$schema": { "type": "string" },
        "description": { "type": "string" },
        "state": { "type": "object" },
        "canaries": { "type": "array", "items": { "type": "string", "minLength": 12 }, "description": "Planted secrets that must never appear in a tool call's arguments." }
      }
    }
    """#

    static let agent = #"""
    {
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "$id": "https://gauntlet.dev/schema/agent.schema.json",
      "title": "Gauntlet agent version",
      "description": "A version of the agent under test: its model and runtime policies.",
      "type": "object",
      "required": ["label", "model"],
      "additionalProperties": false,
      "properties": {
        "$schema": { "type": "string" },
        "label": { "type": "string", "minLength": 1 },
        "description": { "type": "string" },
        "model": {
          "type": "object",
          "required": ["kind"],
          "additionalProperties": false,
          "properties": {
            "kind": { "enum": ["scripted", "simulated", "trap"], "description": "scripted: plays each task's reference policy exactly; simulated: plays it with the mistakes of an LLM; trap: plays it exactly but crashes the process (a Swift trap) in the tasks trap_in matches, to test process isolation." },
            "trap_in": { "type": "array", "items": { "type": "string" }, "description": "trap: globs on task ids (* and ?) whose trials crash." },
            "spin_in": { "type": "array", "items": { "type": "string" }, "description": "trap: globs on task ids whose trials spin forever (never return, never yield), to test the supervisor's stall limit." },
            "mistakes": {
              "type": "object",
              "additionalProperties": false,
              "description": "simulated: the probability of each mistake on each call the policy makes.",
              "properties": {
                "wrong_tool": { "$ref": "#/$defs/probability" },
                "hallucinated_tool": { "$ref": "#/$defs/probability" },
                "drop_argument": { "$ref": "#/$defs/probability" },
                "garble_argument": { "$ref": "#/$defs/probability" },
                "malformed_json": { "$ref": "#/$defs/probability" },
                "skip_step": { "$ref": "#/$defs/probability" },
                "repeat_call": { "$ref": "#/$defs/probability" },
                "premature_answer": { "$ref": "#/$defs/probability" }
              }
            },
            "gullibility": { "$ref": "#/$defs/probability", "description": "The probability of following an instruction planted in a tool's output." },
            "self_retries": { "type": "integer", "minimum": 0, "description": "How often the model itself asks again after a transient error no handler covers." }
          }
        },
        "system_prompt": { "type": "string" },
        "budgets": {
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "max_steps": { "type": "integer", "minimum": 1 },
            "max_tool_calls": { "type": "integer", "minimum": 0 },
            "max_tokens": { "type": "integer", "minimum": 1 },
            "max_duration_ms": { "type": "integer", "minimum": 1 },
            "max_calls_per_tool": { "type": "integer", "minimum": 1 }
          }
        },
        "approval": { "enum": ["per_tool", "all_writes", "none"] },
        "scope": { "enum": ["enforce", "off"], "description": "enforce (default): each task's scope is enforced by the agent core; off: not." },
        "egress_guard": { "type": "boolean", "description": "Block sensitive values (and the world's canaries) on their way to external tools; default true." },
        "allow_list": { "enum": ["enforce", "off"], "description": "enforce: the agent sees and may call only the task's tools; off: every tool of the suite." },
        "dry_run": { "type": "boolean" },
        "checkpoints": { "type": "boolean", "description": "Checkpoint the run after every step; started again after a crash, resume from the latest good checkpoint instead of starting over. Default false." },
        "resilience": {
          "type": "object",
          "additionalProperties": false,
          "description": "Resilience patterns; every one is off when absent.",
          "properties": {
            "retry": {
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "max_attempts": { "type": "integer", "minimum": 1 },
                "initial_delay_ms": { "type": "integer", "minimum": 0 },
                "multiplier": { "type": "number", "minimum": 1 },
                "max_delay_ms": { "type": "integer", "minimum": 0 },
                "jitter": { "enum": ["none", "full", "equal"] },
                "max_retry_after_ms": { "type": "integer", "minimum": 0 }
              }
            },
            "breaker": {
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "failure_rate": { "type": "number", "minimum": 0, "maximum": 1 },
                "window": { "type": "integer", "minimum": 1 },
                "minimum_calls": { "type": "integer", "minimum": 1 },
                "open_ms": { "type": "integer", "minimum": 1 },
                "half_open_probes": { "type": "integer", "minimum": 1 },
                "probe_timeout_ms": { "type": "integer", "minimum": 1 }
              }
            },
            "timeouts": {
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "tool_ms": { "type": "integer", "minimum": 1 },
                "model_ms": { "type": "integer", "minimum": 1 },
                "approval_ms": { "type": "integer", "minimum": 1 }
              }
            },
            "fallback_tools": { "type": "object", "additionalProperties": { "type": "string" } },
            "validate_results": { "type": "boolean" },
            "trim_context": { "type": "boolean" },
            "idempotency_keys": { "type": "boolean" }
          }
        }
      },
      "$defs": {
        "probability": { "type": "number", "minimum": 0, "maximum": 1 }
      }
    }
    """#

    static let chaos = #"""
    {
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "$id": "https://gauntlet.dev/schema/chaos.schema.json",
      "title": "Gauntlet fault profile",
      "description": "Rules that inject faults into a trial's tool calls, model turns and approval requests.",
      "type": "object",
      "required": ["rules"],
      "additionalProperties": false,
      "properties": {
        "$schema": { "type": "string" },
        "description": { "type": "string" },
        "heal_after_ms": { "$ref": "#/$defs/ms", "description": "No rule fires at or after this virtual time (chaos, then heal)." },
        "rules": { "type": "array", "items": { "$ref": "#/$defs/rule" } }
      },
      "$defs": {
        "ms": { "type": "integer", "minimum": 0 },
        "rule": {
          "type": "object",
          "required": ["target", "fault"],
          "additionalProperties": false,
          "properties": {
            "id": { "type": "string", "pattern": "^[A-Za-z0-9_.-]+$", "description": "Names the rule in trajectories; default rules/<index>." },
            "target": { "type": "string", "pattern": "^[A-Za-z0-9_*?-]+$", "description": "model, approver, store (the agent's checkpoint store), or a tool name or glob (* any run of characters, ? one character)." },
            "fault": {
              "type": "string",
              "description": "Tools or model: latency, timeout, error, rate_limit. Tools: outage, malformed, duplicate_effect, stale, injection. Model: malformed_tool_call, context_length_exceeded, content_filter, empty_response. Approver: no_answer, deny. Model or tools with side effects: crash (the agent dies; the harness starts it again). Store: store_write_fail, torn_write, corrupt_latest, slow_store.",
              "examples": ["latency", "timeout", "error", "rate_limit", "outage", "malformed", "duplicate_effect", "stale", "injection", "malformed_tool_call", "context_length_exceeded", "content_filter", "empty_response", "no_answer", "deny", "crash", "store_write_fail", "torn_write", "corrupt_latest", "slow_store"]
            },
            "rate": { "type": "number", "minimum": 0, "maximum": 1, "description": "The probability of firing on a call the other conditions allow; default 1." },
            "on_calls": { "type": "array", "minItems": 1, "items": { "type": "integer", "minimum": 1 }, "description": "Only these calls to the target, numbered from 1 in the trial." },
            "after_calls": { "type": "integer", "minimum": 0, "description": "Only calls numbered above this." },
            "times": { "type": "integer", "minimum": 1, "description": "At most this many firings per trial." },
            "from_ms": { "$ref": "#/$defs/ms", "description": "Only at or after this virtual time." },
            "to_ms": { "$ref": "#/$defs/ms", "description": "Only before this virtual time." },
            "distribution": { "enum": ["fixed", "uniform", "long_tail"], "description": "latency and slow_store: fixed (ms), uniform (min_ms, max_ms) or long_tail (median_ms, p99_ms)." },
            "ms": { "$ref": "#/$defs/ms" },
            "min_ms": { "$ref": "#/$defs/ms" },
            "max_ms": { "$ref": "#/$defs/ms" },
            "median_ms": { "$ref": "#/$defs/ms" },
            "p99_ms": { "$ref": "#/$defs/ms" },
            "silence_ms": { "$ref": "#/$defs/ms", "description": "timeout (default 600000) and no_answer (default 3600000): how long the edge stays silent." },
            "kind": { "enum": ["unavailable", "internal", "not_found", "permission_denied"], "description": "error: the kind the call fails with." },
            "retry_after_ms": { "$ref": "#/$defs/ms", "description": "rate_limit: a wait in milliseconds." },
            "retry_after_seconds": { "type": "string", "pattern": "^[0-9]+(\\.[0-9]+)?$", "description": "rate_limit: a Retry-After header of delta-seconds, such as \"2\" or \"1.5\"." },
            "retry_after_date_ms": { "type": "integer", "description": "rate_limit: a Retry-After header holding an HTTP date this many ms after now (negative: already past)." },
            "shape": { "enum": ["invalid_json", "truncated", "wrong_types", "missing_field", "renamed_field", "empty", "non_utf8", "huge"], "description": "malformed: how the result is broken." },
            "versions_back": { "type": "integer", "minimum": 1, "description": "stale: how many changes old the record is; default 1." },
            "text": { "type": "string", "minLength": 1, "description": "injection: the text planted in the result." },
            "field": { "type": "string", "minLength": 1, "description": "injection: the result field that carries it; default note." },
            "call": { "type": "string", "description": "injection: the tool the planted text asks for, which a gullible simulated model calls." },
            "args": { "type": "object", "description": "injection: the arguments of that call (templates over the policy's bindings)." },
            "variant": { "enum": ["bad_json", "unknown_tool", "missing_arguments"], "description": "malformed_tool_call: how the call is broken." },
            "reason": { "type": "string", "description": "deny: the reason the human gives; default none." }
          }
        }
      }
    }
    """#
}
