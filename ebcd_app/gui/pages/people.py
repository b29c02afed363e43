"""Project and people: the project's settings, its participants, and what each consented to."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ebcd_app.domain.models import JourneyType, Role, Scope
from ebcd_app.gui.enum_combo import EnumCombo
from ebcd_app.gui.facilitator import facilitator_name
from ebcd_app.gui.failure_dialog import failure_texts, show_failure
from ebcd_app.gui.labels import JOURNEYS, WHISPER_MODELS
from ebcd_app.gui.ops import OpChanges, Ops
from ebcd_app.gui.ops import project as project_ops
from ebcd_app.gui.pages.common import page_header
from ebcd_app.gui.privacy_dialogs import confirm_erasure
from ebcd_app.gui.style import muted, tone
from ebcd_app.gui.table_model import RowsModel, make_table
from ebcd_app.services import erasure, projects
from ebcd_app.store.db import ProjectStore

SCOPE_LABELS = {
    Scope.RECORDED: "Recorded",
    Scope.TRANSCRIBED: "Transcribed",
    Scope.QUOTED_IN_PACKS: "Quoted in event packs",
    Scope.HEARD_IN_FILM: "Heard in the film",
    Scope.SEEN_IN_FILM: "Seen in the film",
    Scope.SHOWN_TO_STAFF: "Shown to staff",
    Scope.SHOWN_TO_PATIENTS: "Shown to patients",
    Scope.ARCHIVED_FOR_REUSE: "Archived for reuse",
    Scope.HEARD_DISGUISED: "Heard with the voice disguised",
    Scope.WORDS_ON_SCREEN: "Words on screen (no voice)",
    Scope.SHOWN_TO_LEADERSHIP: "Shown to senior leadership",
}
ROLE_LABELS = {Role.STAFF: "Staff", Role.PATIENT: "Patient",
               Role.FAMILY_CARER: "Family / carer", Role.OTHER: "Other"}


class ParticipantDialog(QDialog):
    def __init__(self, parent: QWidget | None, info: projects.ParticipantInfo | None = None,
                 facilitator: str = "",
                 submit: Callable[[ParticipantDialog], None] | None = None,
                 scopes: tuple[Scope, ...] = tuple(SCOPE_LABELS),
                 staff_experience: bool = False) -> None:
        """`submit` saves what was typed; it calls `accept()` once saved, and on failure the
        dialog stays open with everything the user typed."""
        super().__init__(parent)
        self.submit = submit
        self.setWindowTitle("Edit participant" if info else "Add participant")
        form = QFormLayout(self)
        self.name = QLineEdit(info.display_name if info else "")
        self.pseudonym = QLineEdit(info.pseudonym if info else "")
        self.pseudonym.setPlaceholderText("shown instead of the name in outputs")
        self.role: EnumCombo[Role] = EnumCombo((label, r) for r, label in ROLE_LABELS.items())
        if info:
            self.role.set_value(info.role)
        form.addRow("Name", self.name)
        form.addRow("Pseudonym", self.pseudonym)
        form.addRow("Role", self.role)
        # staff experience: how they are attributed, and what small groups are counted by
        self.shown_as: QLineEdit | None = None
        self.attributes: QLineEdit | None = None
        if staff_experience:
            self.shown_as = QLineEdit(info.shown_as if info else "")
            self.shown_as.setPlaceholderText("the role they agreed, e.g. a nurse on nights")
            self.attributes = QLineEdit(info.attributes_text if info else "")
            self.attributes.setPlaceholderText("band=5, team=Willow Ward, shift=nights")
            self.attributes.setToolTip("Senior leaders never see a role held by fewer than "
                                       "three staff with the same attributes")
            form.addRow("Shown as", self.shown_as)
            form.addRow("Attributes", self.attributes)
        self.scopes: dict[Scope, QCheckBox] = {}
        if info is None:
            box = QGroupBox("Consent given (from the signed form)")
            grid = QGridLayout(box)
            for i, scope in enumerate(scopes):
                cb = QCheckBox(SCOPE_LABELS[scope])
                self.scopes[scope] = cb
                grid.addWidget(cb, i // 2, i % 2)
            form.addRow(box)
            self.taken_by = QLineEdit(facilitator)
            form.addRow("Consent taken by", self.taken_by)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _accept(self) -> None:
        if not self.name.text().strip():
            QMessageBox.warning(self, "Participant", "Please enter the participant's name.")
            return
        if self.submit is None:
            self.accept()
        else:
            self.submit(self)

    def staff_fields(self) -> dict[str, str]:
        """Shown as and attributes, in a staff-experience project (else nothing)."""
        if self.shown_as is None or self.attributes is None:
            return {}
        return {"shown_as": self.shown_as.text(), "attributes": self.attributes.text()}

    def granted(self) -> set[Scope]:
        return {s for s, cb in self.scopes.items() if cb.isChecked()}


class ConsentPanel(QGroupBox):
    """Each scope as a clear yes/no with when and by whom; withdrawal is one explicit act."""

    def __init__(self, page: PeoplePage) -> None:
        super().__init__("Consent")
        self.page = page
        self.participant: projects.ParticipantInfo | None = None
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(14)
        self.grid.setVerticalSpacing(2)  # eight scopes fit a laptop screen's height
        self.who = muted(QLabel("Select a participant to see their consent."))
        self.withdraw_btn = QPushButton("Withdraw all consent…")
        self.withdraw_btn.setObjectName("danger")
        self.withdraw_btn.clicked.connect(self.withdraw)
        self.withdraw_btn.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.who)
        layout.addLayout(self.grid)
        layout.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.withdraw_btn)
        layout.addLayout(row)
        self.boxes: dict[Scope, QCheckBox] = {}
        self.notes: dict[Scope, QLabel] = {}
        for i, scope in enumerate(projects.project_info(page.store).scopes):
            cb = QCheckBox(SCOPE_LABELS[scope])
            cb.setEnabled(False)
            cb.clicked.connect(lambda checked, s=scope: self.toggle(s, checked))
            note = muted(QLabel())
            self.grid.addWidget(cb, i, 0)
            self.grid.addWidget(note, i, 1)
            self.boxes[scope], self.notes[scope] = cb, note

    def show_participant(self, info: projects.ParticipantInfo | None) -> None:
        self.participant = info
        self.withdraw_btn.setEnabled(info is not None)
        if info is None:
            self.who.setText("Select a participant to see their consent.")
            for cb in self.boxes.values():
                cb.setChecked(False)
                cb.setEnabled(False)
            for note in self.notes.values():
                note.setText("")
            return
        self.who.setText(f"<b>{info.display_name}</b> ({ROLE_LABELS[info.role]}"
                         f"{', “' + info.pseudonym + '”' if info.pseudonym else ''})")
        for row in projects.consent_rows(self.page.store, info.id):
            cb, note = self.boxes[row.scope], self.notes[row.scope]
            cb.setEnabled(True)
            cb.setChecked(row.in_force)
            if row.withdrawn_at is not None:
                note.setText(f"withdrawn {row.withdrawn_at:%d %b %Y} by "
                             f"{row.withdrawn_by or 'unknown'}")
                _withdrawn(note, True)
            elif row.recorded_on is not None:
                answer = "yes" if row.granted else "no"
                note.setText(f"{answer}, recorded {row.recorded_on:%d %b %Y}"
                             f"{' by ' + row.recorded_by if row.recorded_by else ''}")
                _withdrawn(note, False)
            else:
                note.setText("not recorded")
                _withdrawn(note, False)

    def toggle(self, scope: Scope, granted: bool) -> None:
        """A consent record is evidence: confirm it, and say who recorded it and when."""
        info = self.participant
        if info is None:
            return
        by = self.page.facilitator()
        answer = None
        if by:
            verb = "agreed to" if granted else "no longer agrees to"
            answer = QMessageBox.question(
                self, "Record consent",
                f"Record that {info.display_name} {verb} “{SCOPE_LABELS[scope]}”?\n\n"
                f"Recorded today, {date.today():%d %b %Y}, by {by}, in the audit trail.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Yes)
        if answer != QMessageBox.StandardButton.Yes:
            self.boxes[scope].setChecked(not granted)
            return
        project_ops.set_scope(self.page.ops, self.page.store, info.id, scope, granted, by=by)

    def withdraw(self, *, confirm: bool = True) -> None:
        info = self.participant
        if info is None:
            return
        if confirm:
            answer = QMessageBox.warning(
                self, "Withdraw consent",
                f"Record that {info.display_name} has withdrawn all consent?\n\n"
                "This is written to the audit trail. Their material will no longer be used "
                "in any transcript, film or pack.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Yes:
                return
        by = self.page.facilitator()
        if by:
            project_ops.withdraw(self.page.ops, self.page.store, info.id, by=by)


class PeoplePage(QWidget):
    status = Signal(str)

    def __init__(self, store: ProjectStore, ops: Ops,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.runner, self.store = ops, ops.runner, store
        self.setObjectName("page")
        from ebcd_app.gui.pages.vocabulary_panel import VocabularyPanel

        settings, people = self._build_settings(), self._build_people()
        self.consent = ConsentPanel(self)
        self.vocabulary_panel = VocabularyPanel(store, ops)
        settings_row = QHBoxLayout()
        settings_row.addWidget(settings, 3)
        settings_row.addWidget(self.vocabulary_panel, 2)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(people)
        lower.addWidget(self.consent)
        lower.setSizes([640, 460])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 10)
        layout.addLayout(page_header("Project and people", "Who took part, in what role, "
                                     "and what each person agreed their words may be used for."))
        layout.addLayout(settings_row)
        layout.addWidget(lower, 1)
        self._connect()
        self.refresh()

    def _build_settings(self) -> QGroupBox:
        settings = QGroupBox("Project")
        form = QFormLayout(settings)
        self.name = QLineEdit()
        self.service = QLineEdit()
        self.journey: EnumCombo[JourneyType] = EnumCombo(JOURNEYS)
        self.whisper_model = QComboBox()
        for name, label in WHISPER_MODELS:
            self.whisper_model.addItem(label, name)
        self.whisper_model.setToolTip("The Whisper model new transcriptions use. Small is "
                                      "more accurate and about three times slower.")
        self.redaction_sound = QComboBox()
        self.redaction_sound.addItem("a tone", "tone")
        self.redaction_sound.addItem("silence", "silence")
        self.redaction_sound.setToolTip("What a redacted name sounds like in the rendered "
                                        "film: a tone over exactly that word, or silence. "
                                        "Its caption reads [name] either way.")
        self.vocabulary = QPlainTextEdit()
        self.vocabulary.setPlaceholderText("One per line: ward names, roles, local words "
                                           "(found as names to redact and in suggestions)")
        self.vocabulary.setMaximumHeight(90)
        self.vocabulary.setTabChangesFocus(True)  # one word a line: a tab means "next field"
        self.save_btn = QPushButton("Save project settings")
        form.addRow("Name", self.name)
        form.addRow("Service", self.service)
        form.addRow("Journey", self.journey)
        form.addRow("Transcribe with", self.whisper_model)
        form.addRow("Redacted names sound as", self.redaction_sound)
        form.addRow("Vocabulary", self.vocabulary)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.save_btn)
        form.addRow(save_row)
        return settings

    def _build_people(self) -> QGroupBox:
        form = projects.project_info(self.store).scopes  # this kind of project's consent form
        self.model = RowsModel([
            ("Name", lambda p: p.display_name),
            ("Pseudonym", lambda p: p.pseudonym or "—"),
            ("Role", lambda p: ROLE_LABELS[p.role]),
            ("Recordings", lambda p: ", ".join(p.recording_names) or "—"),
            ("Consented to", lambda p: f"{sum(p.consents.get(s, False) for s in form)} of "
                                       f"{len(form)}"),
        ])
        self.table = make_table(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.add_btn = QPushButton("Add participant…")
        self.add_btn.setObjectName("primary")
        self.edit_btn = QPushButton("Edit…")
        self.remove_btn = QPushButton("Remove…")
        self.erase_btn = QPushButton("Erase…")
        self.erase_btn.setToolTip("Erase this person and everything of theirs for good: "
                                  "recordings, words, touch points, clips, snapshots. You "
                                  "see exactly what goes before anything does.")
        buttons = QHBoxLayout()
        for b in (self.add_btn, self.edit_btn, self.remove_btn, self.erase_btn):
            buttons.addWidget(b)
        buttons.addStretch(1)
        people = QGroupBox("Participants")
        pv = QVBoxLayout(people)
        pv.addLayout(buttons)
        pv.addWidget(self.table)
        return people

    def _connect(self) -> None:
        self.save_btn.clicked.connect(self.save_settings)
        self.table.doubleClicked.connect(lambda _i: self.edit_participant())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selected())
        self.add_btn.clicked.connect(self.add_participant)
        self.edit_btn.clicked.connect(self.edit_participant)
        self.remove_btn.clicked.connect(self.remove_participant)
        self.erase_btn.clicked.connect(self.erase_participant)
        self.runner.operation_executed.connect(self._on_change)

    def facilitator(self) -> str | None:
        """Who is recording this (asked once, then remembered); None if they cancel."""
        return facilitator_name(self)

    def refresh(self) -> None:
        info = projects.project_info(self.store)
        self.name.setText(info.name)
        self.service.setText(info.service)
        self.name.setCursorPosition(0)
        self.service.setCursorPosition(0)
        self.journey.set_value(info.journey_type)
        at = self.whisper_model.findData(info.whisper_model)
        if at < 0:  # a model folder chosen outside the app: shown as it is
            self.whisper_model.addItem(info.whisper_model, info.whisper_model)
            at = self.whisper_model.count() - 1
        self.whisper_model.setCurrentIndex(at)
        self.redaction_sound.setCurrentIndex(max(0, self.redaction_sound.findData(
            info.redaction_sound)))
        self.vocabulary.setPlainText("\n".join(info.vocabulary))
        self.refresh_people()

    def refresh_people(self) -> None:
        selected = self.selected()
        before = {p.id for p in self.model.rows}
        self.model.set_rows(projects.list_participants(self.store))
        added = [p.id for p in self.model.rows if p.id not in before]
        # a person just added (or brought back by Undo) is the one to look at, their consent
        # beside them; one who is gone (removed, or their adding undone) leaves the first
        ids = [p.id for p in self.model.rows]
        wanted = (added[-1] if before and len(added) == 1
                  else selected.id if selected is not None and selected.id in ids else None)
        for i, p in enumerate(self.model.rows):
            if wanted is None or p.id == wanted:
                self.table.selectRow(i)
                break
        self._selected()

    def selected(self) -> projects.ParticipantInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0]) if rows else None

    def _selected(self) -> None:
        info = self.selected()
        self.edit_btn.setEnabled(info is not None)
        self.remove_btn.setEnabled(info is not None)
        self.erase_btn.setEnabled(info is not None)
        self.consent.show_participant(info)

    def _on_change(self, change: object) -> None:
        """Also after an undo or redo: the settings, the list and the consent boxes show
        what the project now holds."""
        if not isinstance(change, OpChanges):
            return
        if change.touches("project"):
            self.refresh()
        elif change.touches("people", "recordings"):
            self.refresh_people()

    def save_settings(self) -> None:
        vocab = [v for v in self.vocabulary.toPlainText().splitlines() if v.strip()]
        project_ops.update_project(self.ops, self.store, name=self.name.text(),
                               service=self.service.text(),
                               journey_type=self.journey.value(), vocabulary=vocab,
                               whisper_model=self.whisper_model.currentData(),
                               redaction_sound=self.redaction_sound.currentData(),
                               success=lambda _r: self.status.emit("Project settings saved"))

    def _saved_or_kept_open(self, dialog: ParticipantDialog, doing: str) -> dict:
        """Runner callbacks: close the dialog once saved; on failure keep it open (with what
        was typed) and say why."""
        def failed(exc: BaseException) -> None:
            show_failure(dialog, *failure_texts(doing, exc))
        return {"success": lambda _r: dialog.accept(), "failure": failed}

    def add_participant(self) -> None:
        def submit(d: ParticipantDialog) -> None:
            project_ops.add_participant(self.ops, self.store, name=d.name.text(),
                                    role=d.role.value(), pseudonym=d.pseudonym.text(),
                                    granted=d.granted(), taken_by=d.taken_by.text(),
                                    **d.staff_fields(),
                                    **self._saved_or_kept_open(d, "add the participant"))
        info = projects.project_info(self.store)
        ParticipantDialog(self, facilitator=self.facilitator() or "", submit=submit,
                          scopes=info.scopes, staff_experience=info.staff_experience).exec()

    def edit_participant(self) -> None:
        info = self.selected()
        if info is None:
            return

        def submit(d: ParticipantDialog) -> None:
            project_ops.update_participant(self.ops, self.store, info.id, name=d.name.text(),
                                       pseudonym=d.pseudonym.text(), role=d.role.value(),
                                       **d.staff_fields(),
                                       **self._saved_or_kept_open(d, "save the participant"))
        ParticipantDialog(self, info, submit=submit, staff_experience=projects.project_info(
            self.store).staff_experience).exec()

    def _chosen_by(self) -> tuple[projects.ParticipantInfo, str] | None:
        """The selected person and who is acting (asked once); None if either is missing."""
        info = self.selected()
        by = self.facilitator() if info is not None else None
        return (info, by) if info is not None and by else None

    def remove_participant(self) -> None:
        if (chosen := self._chosen_by()) is None:
            return
        info, by = chosen
        answer = QMessageBox.question(
            self, "Remove participant",
            f"Remove {info.display_name} from the project? Their recordings stay in the "
            "project but are no longer linked to them. To stop their material being used, "
            "withdraw consent instead.")
        if answer == QMessageBox.StandardButton.Yes:
            project_ops.remove_participant(self.ops, self.store, info.id, by=by)

    def erase_participant(self) -> None:
        """Show exactly what erasing the selected person removes; erase only on a clear yes
        (it cannot be undone, and Edit ▸ Undo is cleared after it)."""
        if (chosen := self._chosen_by()) is None:
            return
        info, by = chosen
        self.ops.read(lambda: erasure.plan_erasure(self.store, info.id),
                      success=lambda plan: self._confirm_erasure(plan, by),
                      doing="list what erasing them removes")

    def _confirm_erasure(self, plan: erasure.ErasePlan, by: str) -> None:
        if not confirm_erasure(self, plan):
            return
        self.ops.run_final(lambda: erasure.erase_participant(self.store, plan.participant_id,
                                                             by=by, plan=plan),
                           doing=f"erase {plan.who}",
                           success=lambda done: self.status.emit(
                               f"Erased participant {done.participant_id}: "
                               f"{done.files_removed} file(s) overwritten and removed. "
                               "File ▸ Privacy audit checks that nothing is left."))


def _withdrawn(note: QLabel, withdrawn: bool) -> None:
    """A withdrawal stands out (the danger colour, bold) from the muted dates beside it. The
    weight is the label's own style: a font set on it would lose to the window's style."""
    note.setStyleSheet("font-weight: 600;" if withdrawn else "")
    tone(note, "danger" if withdrawn else "")
