"""Wording the coach reads by its class, not by a sentence it was written for.

Slips told in the passive or as a noun, hindsight with no one named, a
person's state or a person judged inactive, judging words about work, a
course taken "instead of" another, what a person did not do in the
timeline, an explanation ("results in", "because of") in the timeline, and
an inquiry ("Investigate ...", "Look into ...") with no result to deliver,
however precisely it names its subject. Each case says which rule fires and
the words the hint quotes; the quiet cases are the same ideas told as
conditions of the system, a responder's reason or an inquiry that delivers.
"""

from __future__ import annotations

import pytest

from pmtui.domain.coach import Rules, check_text, load_rules


@pytest.fixture(scope="module")
def rules(tmp_path_factory: pytest.TempPathFactory) -> Rules:
    return load_rules(tmp_path_factory.mktemp("config"))


@pytest.mark.parametrize(
    ("stage", "text", "rule", "quoted", "says"),
    [
        ("causes", "The release was accidentally tagged from the wrong branch",
         "cause-blame", "was accidentally tagged", "slip"),
        ("causes", "An accidental overwrite of the settings file emptied the cache",
         "cause-blame", "accidental overwrite", "slip"),
        ("causes", "The disk warning was not noticed for two days",
         "cause-hindsight", "was not noticed", "past decision"),
        ("causes", "The rollback checklist not followed",
         "cause-hindsight", "not followed", "past decision"),
        ("causes", "Initial confusion about which region was primary",
         "cause-blame", "confusion", "how someone felt"),
        ("causes", "Two reviewers were inactive during the freeze",
         "cause-blame", "reviewers were inactive", "assigns blame"),
        ("causes", "Lax handling of the vendor's change window",
         "cause-blame", "lax", "judges the work"),
        ("causes", "Overly technical notes in the handover",
         "cause-blame", "overly", "judges the work"),
        ("causes", "Merge conflicts were not managed effectively, resulting in delays",
         "cause-blame", "not managed effectively", "judges the work"),
        ("causes", "Poor prioritization of the review queue",
         "cause-blame", "poor prioritization", "judges the work"),
        ("causes", "Some members could not fully participate, which hurt the demo",
         "cause-blame", "members could not fully participate", "assigns blame"),
        ("causes", "Restoring from the nightly dump instead of replaying the binlog",
         "cause-hindsight", "instead of", "past decision"),
        ("causes", "Postponing the upgrade until the last minute",
         "cause-hindsight", "until the last minute", "past decision"),
        ("facts", "The on-call engineer never caught the failing health check",
         "fact-judgement", "engineer never caught", "judges the moment"),
        ("facts", "At 14:02 the config change was accidentally merged to production",
         "fact-judgement", "was accidentally merged", "judges the moment"),
        ("facts", "@lee redeployed the services and applied the incorrect certificates",
         "fact-judgement", "the incorrect certificates", "judges the moment"),
        ("causes", "Making changes directly on the main branch without opening a PR first",
         "cause-hindsight", "without opening", "past decision"),
        ("causes", "Assuming everyone is aligned", "cause-hindsight", "assuming", "past decision"),
        ("facts", "This results in a slow start for every new node",
         "fact-cause", "results in", "explains why"),
        ("facts", "On June 30 we had a long deploy because of a failed data migration",
         "fact-cause", "because of", "explains why"),
        ("facts", "We realize that the other services are down, because their pods ran there",
         "fact-cause", "because", "explains why"),
        ("facts", "Some servers had to be restarted by hand, due to a spawner bug",
         "fact-cause", "due to", "explains why"),
        ("commitments", 'Investigate the root cause of "no space left on device" messages',
         "commitment-vague", "investigate", "intention"),
        ("commitments", "We will look into a Terraform resource for CircleCI (#4264)",
         "commitment-vague", "look into", "intention"),
    ],
)  # fmt: skip
def test_wording_read_by_its_class(
    rules: Rules, stage: str, text: str, rule: str, quoted: str, says: str
) -> None:
    """The rules read the class and word the hint for it; whether the hint is shown is
    the model's call (it keeps the rules' finding as it is or takes it back), which is
    measured on real text (benchmarks/coach_eval.py, benchmarks/coach_cv.py)."""
    from pmtui.domain.coach import _READERS, _finding
    from pmtui.domain.coach.wording import Reader

    findings = [_finding(rules, h) for h in _READERS[stage](Reader(text, rules))]
    assert [f.rule for f in findings] == [rule]
    assert f"“{quoted}”" in findings[0].message.lower()
    assert says in findings[0].message
    assert check_text(stage, text, rules=rules) in ([], findings)


@pytest.mark.parametrize(
    ("stage", "text"),
    [
        ("causes", "The file was removed by a cleanup job"),
        ("causes", "The disk warning was not noticed because the alert went to an unused channel"),
        ("causes", "The runbook was not tested against the new cluster layout"),
        ("causes", "Struggled to attend meetings regularly due to other commitments"),
        ("causes", "Some members could not contribute in May due to exams"),
        ("causes", "The billing alert service did not function properly"),
        ("causes", "Pods exiting without uploading finished.json confuse the crawler"),
        ("facts", "At 14:02 the deploy job restarted the pods"),
        ("facts", "We rolled back because errors kept climbing"),
        ("facts", "The config PR is reverted due to suspicion that it caused the 503s"),
        ("facts", "Because two regulators were involved, evidence gathering was initiated"),
        ("facts", "@lee drops the stale jobs (since we spawned a backlog of 20,000)"),
        ("facts", "Decide not to investigate further because seven replicas seem enough"),
        ("facts", "The token had since been revoked by the registry"),
        ("commitments", "Investigate the 5xx spike and publish the findings in INC-204"),
    ],
)
def test_the_same_ideas_as_conditions_stay_quiet(rules: Rules, stage: str, text: str) -> None:
    assert check_text(stage, text, rules=rules) == []


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Timeline management led to a late demo", False),
        ("Coding the game mechanics took most of the week", False),
        ("Config management on the old hosts drifted", False),
        ("The management pushed the release out", True),
        ("Senior management pushed the release out", True),
        ("The mechanics signed off the wrong part", True),
    ],
)
def test_a_role_word_that_names_an_activity_is_not_a_person(
    rules: Rules, text: str, person: bool
) -> None:
    from pmtui.domain.coach import _rule_hits

    assert ("cause-person" in _rule_hits("causes", text, rules)) is person


@pytest.mark.parametrize(
    ("stage", "text", "rule"),
    [
        ("causes", "I had my phone off and I stupidly forgot to turn it back on", "cause-blame"),
        ("causes", "Nobody actually attempted to deploy the service until last week",
         "cause-person"),
        ("causes", "In the first run we accidentally dropped one of the keys", "cause-hindsight"),
        ("causes", "We also struggled again with managing state in the engine", "cause-blame"),
        ("causes", "Struggled to attend meetings regularly", "cause-blame"),
        ("causes", "A few teammates became inactive before the deadline", "cause-blame"),
        ("causes", "A large change was made with insufficient testing on staging",
         "cause-hindsight"),
        ("causes", "Lee was offline and nobody else addressed the issue", "cause-person"),
        ("causes", "Once the fix was ready, nothing was done for another two hours",
         "cause-hindsight"),
        ("causes", "We had the hash on Friday, but did not properly send it on",
         "cause-hindsight"),
        ("causes", "The bad config served errors for two hours before anyone noticed",
         "cause-hindsight"),
        ("causes", "Started the load tests far too late", "cause-hindsight"),
        ("causes", "It took a while for the full disk to get noticed", "cause-hindsight"),
        ("causes", "A flaky check we have yet to fix let it through", "cause-hindsight"),
        ("causes", "The release notes were left until the last moment", "cause-hindsight"),
        ("causes", "Constant stress in the final week of the project", "cause-blame"),
        ("facts", "He read back the wrong altitude and ATC did not notice", "fact-judgement"),
        ("facts", "We rebuilt the search indices as the wrong user", "fact-judgement"),
        ("facts", "However, the staging hub was not tested.", "fact-judgement"),
    ],
)  # fmt: skip
def test_the_rules_read_past_adverbs_leading_phrases_and_the_writers(
    rules: Rules, stage: str, text: str, rule: str
) -> None:
    """What the rules notice (the model then weighs it): a subject past any adverb,
    "we" after a leading phrase, the writers' own state, a trait after "became", a verdict
    on when people acted ("too late", "before anyone noticed", "we have yet to")."""
    from pmtui.domain.coach import _rule_hits

    assert [h.split(".", 1)[0] for h in _rule_hits(stage, text, rules)] == [rule]


@pytest.mark.parametrize(
    ("stage", "text"),
    [
        ("causes", "The connection pool was exhausted and we restarted it"),
        ("causes", "The runbook was not tested against the new cluster layout"),
        ("causes", "Struggled to attend meetings regularly due to other commitments"),
        ("causes", "Some members could not contribute in May due to exams"),
        ("causes", "The billing alert service did not function properly"),
        ("causes", "Pods exiting without uploading finished.json confuse the crawler"),
        ("causes", "The daily backup overwrote the weekly one"),
        ("causes", "The job started on time but failed to finish"),
        ("causes", "The certificate renewal job runs late on Fridays"),
        ("causes", "The vendor has yet to confirm the new maintenance window"),
        ("causes", "The stress test of the queue ran against the old cluster"),
        ("causes", "The cache warmed up before the dashboards noticed the traffic"),
        ("facts", "The alert read: disk full on db-2"),
        ("facts", "07:37 Lee finds the cause of the failure"),
        ("facts", "The exact cause is not yet known."),
        ("facts", "Disk space was ruled out as the cause."),
    ],
)
def test_the_same_words_about_the_system_stay_quiet_for_the_rules(
    rules: Rules, stage: str, text: str
) -> None:
    from pmtui.domain.coach import _rule_hits

    assert _rule_hits(stage, text, rules) == []


@pytest.mark.parametrize(
    ("text", "noticed"),
    [
        ("We had never really used Tiled before", True),
        ("Limited initial familiarity with GitHub workflows", True),
        ("Still getting up to speed on the data sources", True),
        ("Admittedly, I am not a game designer", True),
        ("The pilot's unfamiliarity with the instruments", True),
        ("The job had never failed before the upgrade", False),
        ("Limited disk space on the build hosts", False),
    ],
)
def test_a_persons_lack_of_experience_is_a_detector_the_model_weighs(
    rules: Rules, text: str, noticed: bool
) -> None:
    from pmtui.domain.coach.wording import Reader, cause_signals

    assert ("skill" in cause_signals(Reader(text, rules))) is noticed
