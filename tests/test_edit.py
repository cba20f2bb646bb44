"""Corrections by hand: every edit keeps the beads a monotone partition; saves keep an undo history."""

from __future__ import annotations

import collections
import os
import random
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import make_alignment

from align import edit
from align.records import AlignError, Bead
from align.store import read_parquet, write_parquet


@pytest.fixture
def small():
    # beads: 0:(0)-(0)  1:(1,2)-(1)  2:(3)-()  3:(4)-(2,3)
    return make_alignment(
        ["A one.", "B two.", "C three.", "D four.", "E five."],
        ["а один.", "б два.", "в три.", "г четыре."],
        [((0,), (0,)), ((1, 2), (1,)), ((3,), ()), ((4,), (2, 3))],
    )


def shape(alignment):
    return [(b.src, b.tgt) for b in alignment.beads]


def test_validate_accepts_a_partition_and_real_output(small, sorin):
    edit.validate(small)
    edit.validate(sorin)


@pytest.mark.parametrize(
    "beads",
    [
        [((0,), (0,)), ((2,), (1,))],  # a gap
        [((0, 1), (0,)), ((1,), (1,))],  # a sentence twice
        [((1,), (0,)), ((0,), (1,))],  # out of order
        [((0,), (0,)), ((), ()), ((1,), (1,))],  # an empty bead
        [((0,), (0,))],  # sentences left over
    ],
)
def test_validate_rejects(beads):
    alignment = make_alignment(["a", "b"], ["а", "б"], beads)
    with pytest.raises(AlignError):
        edit.validate(alignment)


def test_validate_rejects_a_score_outside_0_1(small):
    with pytest.raises(AlignError):
        edit.validate(replace(small, beads=(replace(small.beads[0], score=1.5),) + small.beads[1:]))


def test_merge(small):
    merged = edit.merge(small, 1)
    assert shape(merged) == [((0,), (0,)), ((1, 2, 3), (1,)), ((4,), (2, 3))]
    assert merged.beads[1].kind == "3-1"
    assert "edited" in merged.beads[1].flags and "merge" in merged.beads[1].flags
    assert merged.beads[1].score == pytest.approx(0.9)
    assert merged.beads[0] is small.beads[0]  # untouched beads stay as they were
    with pytest.raises(AlignError):
        edit.merge(small, 3)


def test_split_into_one_sided_beads(small):
    split = edit.split(small, 1, 1, 0)
    assert shape(split)[1:3] == [((1,), ()), ((2,), (1,))]
    assert "src-only" in split.beads[1].flags and "edited" in split.beads[1].flags
    split = edit.split(small, 3, 1, 1)
    assert shape(split)[3:] == [((4,), (2,)), ((), (3,))]
    assert "tgt-only" in split.beads[4].flags


@pytest.mark.parametrize("at", [(0, 0), (2, 1), (3, 0), (-1, 0)])
def test_split_rejects_points_that_leave_a_side_empty_or_lie_outside(small, at):
    with pytest.raises(AlignError):
        edit.split(small, 1, *at)


def test_every_split_point_is_accepted(small):
    for n, bead in enumerate(small.beads):
        for point in edit.split_points(bead):
            assert len(edit.split(small, n, *point).beads) == len(small.beads) + 1
    assert edit.split_points(Bead((0,), (), 1.0)) == []
    assert edit.split_points(Bead((0, 1), (0, 1), 1.0))[0] == (1, 1)


def test_move_boundary_sentences(small):
    moved = edit.move(small, 1, "src", "next")  # C goes to the bead with D
    assert shape(moved)[1:3] == [((1,), (1,)), ((2, 3), ())]
    moved = edit.move(small, 1, "src", "previous")  # B goes to the bead with A
    assert shape(moved)[:2] == [((0, 1), (0,)), ((2,), (1,))]
    moved = edit.move(small, 3, "tgt", "previous")  # в goes back over the one-sided bead
    assert shape(moved)[2:] == [((3,), (2,)), ((4,), (3,))]
    assert all("edited" in b.flags for b in moved.beads[2:])


def test_a_bead_left_empty_by_a_move_disappears(small):
    moved = edit.move(small, 2, "src", "next")
    assert shape(moved) == [((0,), (0,)), ((1, 2), (1,)), ((3, 4), (2, 3))]


@pytest.mark.parametrize("n, side, to", [(0, "src", "previous"), (3, "tgt", "next"), (2, "tgt", "next"), (1, "both", "next")])
def test_move_rejects_impossible_moves(small, n, side, to):
    with pytest.raises(AlignError):
        edit.move(small, n, side, to)


def test_verify_and_unverify_keep_the_models_confidence(small):
    verified = edit.set_verified(small, 0)
    assert verified.beads[0].score == small.beads[0].score  # a person's check is not the model's score
    assert "verified" in verified.beads[0].flags and "edited" not in verified.beads[0].flags
    unverified = edit.set_verified(verified, 0, False)
    assert unverified.beads[0] == small.beads[0]
    with pytest.raises(AlignError):
        edit.set_verified(small, 9)


def test_a_note_and_tags_are_set_and_survive_edits_around_them(small):
    noted = edit.set_note(small, 1, "  a calque  ", ["calque", " calque ", "", "omission  by censorship"])
    assert (noted.beads[1].note, noted.beads[1].tags) == ("a calque", ("calque", "omission by censorship"))
    assert noted.beads[0] == small.beads[0] and noted.beads[1].score == small.beads[1].score
    merged = edit.merge(edit.set_note(noted, 0, "first", ["x"]), 0)
    assert merged.beads[0].note == "first\na calque" and merged.beads[0].tags == ("x", "calque", "omission by censorship")
    split = edit.split(merged, 0, 1, 1)
    assert [b.note for b in split.beads[:2]] == ["first\na calque"] * 2
    moved = edit.move(noted, 1, "src", "previous")
    assert any(b.note == "a calque" for b in moved.beads)
    assert edit.parse_tags("calque,  translator's addition ,,calque") == ("calque", "translator's addition")
    with pytest.raises(AlignError):
        edit.set_note(small, 0, "x" * (edit.MAX_NOTE + 1))


def test_a_note_is_saved_and_undone_like_any_edit(small, tmp_path):
    stored = tmp_path / "a.parquet"
    write_parquet(small, stored)
    edit.apply_edit(stored, lambda a: edit.set_note(a, 2, "translator's addition", ["addition"]), session="tab")
    assert read_parquet(stored).beads[2].tags == ("addition",)
    edit.undo(stored, session="tab")
    assert read_parquet(stored).beads[2].note == ""


def test_random_edits_always_leave_a_valid_partition(sorin):
    rng = random.Random(1918)
    alignment = sorin
    applied = collections.Counter()
    for _ in range(300):
        n = rng.randrange(len(alignment.beads))
        action = rng.choice(["merge", "split", "move", "verify"])
        side, to = rng.choice(["src", "tgt"]), rng.choice(["next", "previous"])
        points = edit.split_points(alignment.beads[n])
        try:
            if action == "merge":
                edited = edit.merge(alignment, n)
            elif action == "split":
                edited = edit.split(alignment, n, *rng.choice(points)) if points else alignment
            elif action == "move":
                edited = edit.move(alignment, n, side, to)
            else:
                edited = edit.set_verified(alignment, n, rng.random() < 0.5)
        except AlignError:
            # only an impossible edit may be refused (a broken edit refused by its own check is a failure)
            other = n + 1 if to == "next" else n - 1
            impossible = {
                "merge": n + 1 == len(alignment.beads),
                "move": not 0 <= other < len(alignment.beads) or not getattr(alignment.beads[n], side),
            }
            assert impossible.get(action), f"{action} of bead {n} refused"
            continue
        applied[action] += 1
        # checked here, not only by edit.validate, which the edits call themselves
        assert [i for b in edited.beads for i in b.src] == list(range(len(sorin.src.sentences))), action
        assert [j for b in edited.beads for j in b.tgt] == list(range(len(sorin.tgt.sentences))), action
        assert all(b.src or b.tgt for b in edited.beads), action
        alignment = edited
    assert min(applied[a] for a in ("merge", "split", "move", "verify")) >= 20, applied  # every kind really ran


def test_find_bead(small):
    assert edit.find_bead(small, (1, 2), (1,)) == 1
    with pytest.raises(AlignError, match="changed"):
        edit.find_bead(small, (1,), (1,))


# --- on disk -------------------------------------------------------------------------------------


@pytest.fixture
def stored(small, tmp_path: Path) -> Path:
    path = tmp_path / "a.b.parquet"
    write_parquet(small, path)
    return path


def test_save_edit_and_undo_step_back_through_history(small, stored):
    first = edit.merge(small, 0)
    edit.save_edit(stored, small, first)
    second = edit.set_verified(first, 0)
    edit.save_edit(stored, first, second)
    assert [p.name for p in edit.history(stored)] == ["000001.parquet", "000002.parquet"]
    assert read_parquet(stored).beads == second.beads
    assert edit.undo(stored).beads == first.beads
    assert read_parquet(stored).beads == first.beads
    assert edit.undo(stored).beads == small.beads
    assert read_parquet(stored).beads == small.beads
    with pytest.raises(AlignError, match="nothing to undo"):
        edit.undo(stored)
    assert [p.name for p in stored.parent.rglob("*.tmp")] == []


def test_save_edit_refuses_an_invalid_alignment_and_leaves_the_file_alone(small, stored):
    broken = replace(small, beads=small.beads[1:])
    with pytest.raises(AlignError):
        edit.save_edit(stored, small, broken)
    assert read_parquet(stored).beads == small.beads
    assert edit.history(stored) == []


def test_history_is_bounded(small, stored, monkeypatch):
    monkeypatch.setattr(edit, "HISTORY_LIMIT", 3)
    current = small
    for flag in [True, False] * 3:
        after = edit.set_verified(current, 0, flag)
        edit.save_edit(stored, current, after)
        current = after
    assert [p.name for p in edit.history(stored)] == ["000004.parquet", "000005.parquet", "000006.parquet"]


def test_two_tabs_each_edit_applies_to_the_file_on_disk(small, stored):
    # Both tabs loaded the same version; each edit names its bead by its sentences.
    tab_a_bead, tab_b_bead = small.beads[0], small.beads[3]
    edit.apply_edit(stored, lambda a: edit.merge(a, edit.find_bead(a, tab_a_bead.src, tab_a_bead.tgt)))
    edit.apply_edit(stored, lambda a: edit.set_verified(a, edit.find_bead(a, tab_b_bead.src, tab_b_bead.tgt)))
    now = read_parquet(stored)
    assert shape(now) == [((0, 1, 2), (0, 1)), ((3,), ()), ((4,), (2, 3))]
    assert "verified" in now.beads[2].flags  # tab B's change did not undo tab A's merge
    # tab B still shows the old bead 0, which no longer exists: refused, nothing written
    with pytest.raises(AlignError, match="changed"):
        edit.apply_edit(stored, lambda a: edit.merge(a, edit.find_bead(a, tab_a_bead.src, tab_a_bead.tgt)))
    assert read_parquet(stored).beads == now.beads


def test_concurrent_edits_are_all_kept(sorin, tmp_path):
    path = tmp_path / "sorin.parquet"
    write_parquet(sorin, path)
    targets = [sorin.beads[n] for n in range(0, 20, 2)]
    errors = []

    def verify(bead):
        try:
            edit.apply_edit(path, lambda a: edit.set_verified(a, edit.find_bead(a, bead.src, bead.tgt)))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=verify, args=(bead,)) for bead in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    final = read_parquet(path)
    assert sum("verified" in b.flags for b in final.beads) == len(targets)
    assert len(edit.history(path)) == len(targets)


def test_a_crash_during_a_save_blocks_nothing_and_leaves_no_temporaries(small, stored):
    # a process dies (SIGKILL) holding the edit lock, having written half a history version
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from align import edit; edit._locked(sys.argv[1]).__enter__(); "
         "print('held', flush=True); time.sleep(120)", str(stored)],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(Path(edit.__file__).parents[1])},
    )
    try:
        assert holder.stdout.readline() == "held\n"
        edit.history_dir(stored).mkdir()
        (edit.history_dir(stored) / ".000001.parquet.x1y2.tmp").write_bytes(b"PAR1 half")
    finally:
        holder.kill()
        holder.wait()
    start = time.monotonic()
    edit.apply_edit(stored, lambda a: edit.set_verified(a, 0))
    assert time.monotonic() - start < 2  # not the 10 s wait for a lock nobody holds
    assert "verified" in read_parquet(stored).beads[0].flags
    assert [p.name for p in stored.parent.rglob("*.tmp")] == []


def test_undo_undoes_only_the_change_of_the_session_that_asks(small, stored):
    edit.apply_edit(stored, lambda a: edit.merge(a, 0), session="tab-A")
    edit.apply_edit(stored, lambda a: edit.set_verified(a, 1), session="tab-B")
    assert edit.last_change_by(stored) == "tabB"
    with pytest.raises(AlignError, match="another tab"):
        edit.undo(stored, session="tab-A")  # tab B's change is not tab A's to undo
    assert "verified" in read_parquet(stored).beads[1].flags
    assert "verified" not in edit.undo(stored, session="tab-B").beads[1].flags
    assert len(edit.undo(stored, session="tab-A").beads) == len(small.beads)  # now A's merge is the latest


def test_undo_keeps_the_file_mode(small, stored):
    stored.chmod(0o640)
    edit.apply_edit(stored, lambda a: edit.merge(a, 0))
    edit.undo(stored)
    assert stored.stat().st_mode & 0o777 == 0o640


def test_a_note_on_a_pair_of_three_texts_goes_to_the_row_where_its_bead_starts():
    from align import multi, view
    from align.records import Alignment, Sentence, Side

    def side(n: int, lang: str) -> Side:
        return Side(tuple(Sentence(i, f"{lang} {i}.") for i in range(n)), lang)

    de = side(3, "de")
    pairs = [Alignment(de, side(3, "en"), tuple(Bead((i,), (i,), 0.9) for i in range(3)), "m"),
             Alignment(de, side(2, "fr"), (Bead((0, 1), (0,), 0.8), Bead((2,), (1,), 0.9)), "m")]
    rows = multi.merge(pairs)
    noted = edit.note_pair_bead(rows, 2, (2,), (1,), "a calque", ["calque"])
    assert [b.note for b in noted.beads] == ["", "", "a calque"]
    assert view.pair_notes(noted, 2) == [("", ()), ("a calque", ("calque",))]
    assert view.pair_notes(noted, 1)[2] == ("a calque", ("calque",))
    merged = edit.on_pair(2, lambda a: edit.merge(a, 0))(noted)  # editing text 2 keeps the rows' notes
    assert [b.note for b in merged.beads] == ["", "", "a calque"]


def test_undo_never_restores_an_alignment_of_older_texts(small, stored):
    edit.apply_edit(stored, lambda a: edit.merge(a, 0), session="tab-A")
    from conftest import make_alignment as again  # the text changed, the work was aligned again

    write_parquet(again(["A one, changed.", "B two."], ["а один.", "б два."], [((0,), (0,)), ((1,), (1,))]), stored)
    current = stored.read_bytes()
    with pytest.raises(AlignError, match="other texts"):
        edit.undo(stored, session="tab-A")
    assert stored.read_bytes() == current


def test_editing_in_a_read_only_folder_is_one_clear_error(small, open_dir):
    from conftest import as_unprivileged

    path = open_dir / "work" / "a.parquet"
    path.parent.mkdir()
    write_parquet(small, path)
    path.chmod(0o666)
    path.parent.chmod(0o555)

    def edit_it() -> str:
        try:
            edit.apply_edit(path, lambda a: edit.merge(a, 0))
        except AlignError as error:
            return f"AlignError: {error}"
        return "saved"

    assert "corrections cannot be saved" in as_unprivileged(edit_it)


@pytest.mark.parametrize("planted", [".a.parquet.lock", "a.parquet.history"])
def test_an_edit_never_writes_through_a_planted_symbolic_link(small, tmp_path, planted):
    path = tmp_path / "work" / "a.parquet"
    path.parent.mkdir()
    write_parquet(small, path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious").write_text("keep me")
    link = path.parent / planted
    link.symlink_to(outside if planted.endswith(".history") else outside / "precious")
    with pytest.raises(AlignError, match="symbolic link"):
        edit.apply_edit(path, lambda a: edit.merge(a, 0))
    assert [p.name for p in outside.iterdir()] == ["precious"] and (outside / "precious").read_text() == "keep me"


def test_an_edit_reads_a_file_this_process_has_in_memory_once_and_keeps_the_old_file_as_it_was(small, stored, monkeypatch):
    from align import store

    old = stored.read_bytes()
    store.read_recent(stored)
    reads = []
    monkeypatch.setattr(store, "read_parquet", lambda path: reads.append(path) or read_parquet(path))
    after = edit.apply_edit(stored, lambda a: edit.set_verified(a, 0))
    assert store.read_recent(stored) == after == read_parquet(stored)  # the version saved, from memory
    assert reads == []
    assert edit.history(stored)[0].read_bytes() == old  # the version before, byte for byte
    assert edit.undo(stored).beads == small.beads and store.read_recent(stored).beads == small.beads


def test_a_file_changed_by_another_writer_is_read_again(small, stored):
    from align import store

    assert store.read_recent(stored).beads == small.beads
    write_parquet(edit.merge(small, 0), stored)  # another process, say
    assert shape(store.read_recent(stored)) == shape(edit.merge(small, 0))
