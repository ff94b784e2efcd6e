"""Special qualifications run through the linter's rules: one source of truth for what is unlawful."""

from __future__ import annotations

from procdocs.checks import CheckContext, Violation, Violations, check
from procdocs.law.checks import CheckDefinition
from procdocs.spec.model import ProjectSpec


@check("qualification_lint")
def qualification_lint(spec: ProjectSpec, definition: CheckDefinition, context: CheckContext) -> Violations:
    from procdocs.lint.engine import lint_clause

    for index, qualification in enumerate(spec.qualifications):
        for finding in lint_clause(qualification.requirement, "二、申请人的资格要求 > 本项目的特定资格要求"):
            if spec.waives(finding.rule, qualification.requirement):
                continue
            # The lint rule's own basis is the one to cite: the finding carries it instead of checks.yaml's.
            yield Violation(f"qualifications[{index}].requirement",
                            f"[{finding.rule}] {finding.message}（建议：{finding.suggestion.rstrip('。')}；经审查确属合理的，"
                            f"在 lint_waivers 中写明理由）", finding.severity, finding.basis)

