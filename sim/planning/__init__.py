"""The staffing planner behind ``swsim-plan``: the smallest headcount, and its allocation over
stations, whose KPI confidence bound meets a target (or the best KPI a budget buys).

:func:`sim.planning.plan.plan_staffing` searches; :func:`sim.planning.output.write_plan`
writes ``plan.json``, ``plan.md`` and the staffing-curve figure. The settings schema
(:mod:`sim.planning.settings`) is a Hydra-free leaf; Hydra stays in the entry point
(:mod:`sim.plan_cli`). Nothing is imported here, so loading the schema stays light.
"""
