"""Reads an Airflow DAG file statically (Airflow is not installed where the tests run) and prints, as JSON, what
AirflowDagTest compares with the CLI's own DAG: the DAG's keyword arguments, its default_args, every operator task
(variable, task_id, operator, bash_command) and the dependency edges of `a >> b` / `a << b` chains.

Values are evaluated only from literals, module-level names bound to literals, `+` of strings, f-strings and dicts,
lists and calls of timedelta/datetime (shown as text); anything else is shown as "<expr>" so a test can see it is set.

usage: python3 dag_tasks.py path/to/dag.py
"""
import ast
import json
import sys

UNKNOWN = "<expr>"


class Evaluator:
    def __init__(self, names):
        self.names = names

    def value(self, node):
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            if node.id in self.names:
                return self.value(self.names[node.id])
            return "<name:" + node.id + ">"
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = self.value(node.left), self.value(node.right)
            if isinstance(left, str) and isinstance(right, str):
                return left + right
            return UNKNOWN
        if isinstance(node, ast.JoinedStr):
            parts = []
            for part in node.values:
                if isinstance(part, ast.Constant):
                    parts.append(str(part.value))
                else:
                    inner = self.value(part.value)
                    parts.append(inner if isinstance(inner, str) else UNKNOWN)
            return "".join(parts)
        if isinstance(node, ast.Dict):
            return {str(self.value(k)): self.value(v) for k, v in zip(node.keys, node.values) if k is not None}
        if isinstance(node, (ast.List, ast.Tuple)):
            return [self.value(e) for e in node.elts]
        if isinstance(node, ast.Call):
            return "<call:" + ast.unparse(node) + ">"
        return UNKNOWN


def operator_name(call):
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def main(path):
    with open(path, encoding="utf-8") as f:
        source = f.read()
    tree = ast.parse(source, filename=path)

    # module-level simple assignments: NAME = <expr>
    names = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            names[node.targets[0].id] = node.value
    ev = Evaluator(names)

    dag = None
    tasks = []
    by_var = {}
    edges = []

    def visit_body(body):
        for stmt in body:
            if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call) and len(stmt.targets) == 1 \
                    and isinstance(stmt.targets[0], ast.Name):
                call = stmt.value
                kwargs = {kw.arg: kw.value for kw in call.keywords if kw.arg}
                if "task_id" in kwargs:
                    task = {
                        "var": stmt.targets[0].id,
                        "task_id": ev.value(kwargs["task_id"]),
                        "operator": operator_name(call),
                        "bash_command": ev.value(kwargs["bash_command"]) if "bash_command" in kwargs else None,
                        "kwargs": sorted(kwargs),
                        "line": stmt.lineno,
                    }
                    tasks.append(task)
                    by_var[task["var"]] = task["task_id"]
            elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.BinOp):
                chain(stmt.value)
            elif isinstance(stmt, ast.With):
                visit_body(stmt.body)

    def chain(node):
        """Returns the task ids at the right end of a >> chain, adding the edges on the way."""
        if isinstance(node, ast.Name):
            if node.id not in by_var:
                raise SystemExit("line %d: %s is not a task defined before it" % (node.lineno, node.id))
            return [by_var[node.id]]
        if isinstance(node, (ast.List, ast.Tuple)):
            ids = []
            for e in node.elts:
                ids.extend(chain(e))
            return ids
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.RShift, ast.LShift)):
            left, right = chain(node.left), chain(node.right)
            upstream, downstream = (left, right) if isinstance(node.op, ast.RShift) else (right, left)
            for u in upstream:
                for d in downstream:
                    edges.append([u, d])
            return right
        raise SystemExit("line %d: unsupported dependency expression %s" % (node.lineno, ast.unparse(node)))

    for node in tree.body:
        if isinstance(node, ast.With):
            for item in node.items:
                ctx = item.context_expr
                if isinstance(ctx, ast.Call) and operator_name(ctx) == "DAG":
                    dag = {kw.arg: ev.value(kw.value) for kw in ctx.keywords if kw.arg}
    visit_body(tree.body)

    default_args = ev.value(names["default_args"]) if "default_args" in names else {}
    print(json.dumps({"dag": dag, "default_args": default_args, "tasks": tasks, "edges": edges},
                     indent=2, default=str))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: dag_tasks.py DAG_FILE")
    main(sys.argv[1])
