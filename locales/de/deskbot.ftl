
## buttons

buttons-claim = Übernehmen
buttons-escalate = Eskalieren
buttons-resolve = Lösen
buttons-ask = Rückfrage stellen
buttons-add-comment = Kommentar hinzufügen
buttons-fixed = Behoben
buttons-still-broken = Besteht weiterhin
buttons-cancel-ticket = { $ticket } stornieren
buttons-previous-page = Zurück
buttons-next-page = Weiter
buttons-submit = Absenden
buttons-edit = Ändern
buttons-cancel = Abbrechen
buttons-skip = Überspringen
buttons-answer = Antworten
buttons-rating-placeholder = Wie zufrieden waren Sie? Bewerten Sie von 1 bis 5
buttons-rating = { $stars } { $score } · { $words }
buttons-category-placeholder = Wählen Sie die passendste Kategorie
buttons-choice-placeholder = Bitte auswählen
buttons-edit-placeholder = Wählen Sie die Antwort, die Sie ändern möchten

## requester

requester-opened =
    Ihr Ticket **{ $ticket }** ist eröffnet: { $summary }
    Ein Techniker kümmert sich in Kürze darum. Ich informiere Sie hier über jede Änderung.
requester-claimed = { $by } bearbeitet jetzt Ihr Ticket **{ $ticket }** ({ $summary }).
requester-assigned = Ihr Ticket **{ $ticket }** ({ $summary }) wurde { $to } zugewiesen.
requester-escalated =
    Ihr Ticket **{ $ticket }** ({ $summary }) wurde an den Level-{ $level }-Support übergeben, der es ab jetzt bearbeitet.
    Grund: { $reason }
requester-waiting-some =
    Ihr Ticket **{ $ticket }** ({ $summary }) wartet auf Ihre Rückmeldung. Schreiben Sie Ihre Antwort hier, ich leite sie weiter. Der Techniker fragt:
    >>> { $note }
requester-waiting-none = Ihr Ticket **{ $ticket }** ({ $summary }) wartet auf Ihre Rückmeldung: Der Techniker benötigt weitere Informationen. Bitte antworten Sie hier.
requester-waiting-reminder = Erinnerung: Ihr Ticket **{ $ticket }** ({ $summary }) wartet noch auf Ihre Rückmeldung. Schreiben Sie Ihre Antwort hier; ohne Antwort wird es in { $resolve_in } als „keine Rückmeldung“ gelöst.
requester-waiting-reminder-some =
    { $head } Der Techniker hat gefragt:
    >>> { $note }
requester-resumed = Die Arbeit an Ihrem Ticket **{ $ticket }** ({ $summary }) wurde wieder aufgenommen.
requester-resolved =
    Ihr Ticket **{ $ticket }** ({ $summary }) wurde gelöst: { $code }.
    Ist das Problem damit behoben? Klicken Sie unten auf **Behoben** oder **Besteht weiterhin**.
    {"*"}*Was getan wurde:**
    { $notes }
requester-reopened = Ihr Ticket **{ $ticket }** ({ $summary }) ist wieder geöffnet; wir kümmern uns erneut darum.
requester-closed = Ihr Ticket **{ $ticket }** ({ $summary }) ist geschlossen. Wie zufrieden waren Sie? Bewerten Sie unseren Service unten.
requester-cancelled-some =
    Ihr Ticket **{ $ticket }** ({ $summary }) wurde storniert.
    Grund: { $reason }
requester-cancelled-none = Ihr Ticket **{ $ticket }** ({ $summary }) wurde storniert.
requester-priority-changed =
    Die Priorität Ihres Tickets **{ $ticket }** ({ $summary }) ist jetzt **{ $priority }**.
    Grund: { $reason }
requester-reply =
    { $from } zu Ihrem Ticket **{ $ticket }**:
    >>> { $text }
requester-thanks-for-confirming = Vielen Dank! Ticket **{ $ticket }** ist geschlossen.
requester-reopened-by-you = Schade, dass das Problem weiterhin besteht. Ticket **{ $ticket }** ist wieder geöffnet, und der Techniker wurde informiert.
requester-thanks-for-rating = Vielen Dank für Ihre Bewertung von Ticket **{ $ticket }** mit { $score }/5. Möchten Sie noch etwas ergänzen? Das hilft uns, besser zu werden.
requester-thanks-for-comment = Vielen Dank für Ihre Bewertung von Ticket **{ $ticket }** mit { $score }/5 und für Ihren Kommentar.
requester-message-relayed = Zu Ticket **{ $ticket }** hinzugefügt. Der Techniker sieht es.
requester-which-ticket = Sie haben mehrere offene Tickets ({ $tickets }). Beginnen Sie Ihre Nachricht mit der Nummer, z. B. `#42 ...`.
requester-other-tickets-hint = Um zu einem anderen Ihrer Tickets ({ $others }) zu schreiben, beginnen Sie Ihre Nachricht mit dessen Nummer, z. B. `{ $example } ...`.
requester-new-problem-hint = Um ein neues Problem zu melden, senden Sie `new`.
requester-not-an-open-ticket = {"*"}*{ $ticket }** gehört nicht zu Ihren offenen Tickets ({ $yours }). Beginnen Sie Ihre Nachricht mit einer dieser Nummern, oder senden Sie `new`, um ein neues Problem zu melden.
requester-cancelled-by-you = Ticket **{ $ticket }** ist storniert.
requester-my-tickets-title = Ihre Tickets
requester-my-tickets-empty = Sie haben keine Tickets. Nutzen Sie `/ticket` oder schreiben Sie mir eine Direktnachricht, um ein Problem zu melden.

## staff

staff-opened = eröffnet: { $summary }
staff-claimed = übernommen von { $by }
staff-assigned = zugewiesen an { $to }
staff-escalated = eskaliert auf Level { $level }: { $reason }
staff-waiting-some = wartet auf Rückmeldung der anfragenden Person: { $note }
staff-waiting-none = wartet auf Rückmeldung der anfragenden Person
staff-resumed = Arbeit wieder aufgenommen
staff-resolved = gelöst ({ $code }): { $notes }
staff-reopened = wieder geöffnet: Laut anfragender Person besteht das Problem weiterhin
staff-closed = geschlossen
staff-cancelled-some = storniert: { $reason }
staff-cancelled-none = storniert
staff-priority-changed = Priorität geändert auf { $priority }: { $reason }
staff-replied = { $from } hat der anfragenden Person geantwortet: { $text }
staff-waiting-reminded = die anfragende Person hat noch nicht geantwortet und wurde erinnert
staff-about = {"*"}*{ $ticket }** { $line }
staff-to-watcher = Ticket **{ $ticket }** ({ $summary }), das Sie beobachten: { $line }
staff-assigned-to-you = {"\u000A"}Warum Sie: { $r }.
staff-assigned-to-you-2 = Ihnen wurde Ticket **{ $ticket }** ({ $summary }) zugewiesen. Bearbeiten Sie es in seinem Thread im Triage-Kanal; mit `/antworten` erreichen Sie dort die anfragende Person.{ $why }
staff-reassigned-from-you = Ticket **{ $ticket }** ({ $summary }) wurde { $to } neu zugewiesen; es liegt nicht mehr bei Ihnen.
staff-to-assignee = Ticket **{ $ticket }** ({ $summary }), das Ihnen zugewiesen ist: { $line }

## thread

thread-requester-message =
    { $who } (anfragende Person) schrieb:
    >>> { $text }
thread-level-ping = { $role } Ticket **{ $ticket }** braucht Level { $level }. Übernehmen Sie es über die Nachricht oben.
thread-dms-closed = { $who } konnte keine Direktnachricht erhalten: Direktnachrichten sind deaktiviert. Informieren Sie die Person hier oder auf anderem Weg.
thread-delivery-failed = { $who } konnte keine Direktnachricht erhalten ({ $reason }). Informieren Sie die Person hier oder auf anderem Weg.
thread-opening = Dieser Thread ist der Arbeitsbereich des Tickets. Nachrichten hier sind interne Notizen und für die anfragende Person nie sichtbar; schreiben Sie ihr mit `/antworten`.
thread-reply-sent = Per Direktnachricht an { $who } gesendet.
thread-note-recorded = Notiz gespeichert (für die anfragende Person nicht sichtbar).

## digest

digest-title = 📋 Helpdesk-Übersicht, { $day }
digest-summary =
    {"*"}*{ $open }** offen · **{ $unassigned }** nicht zugewiesen · **{ $breached }** SLA verletzt
    Letzte 24 h: { $opened } eröffnet, { $resolved } gelöst.
digest-quiet = Nichts offen. Ein ruhiger Tag am Helpdesk.
digest-by-priority = Nach Priorität
digest-by-level = Nach Level
digest-oldest = Am längsten offen
digest-count-line = { $unassigned } nicht zugewiesen
digest-count-line-2 = { $breached } SLA verletzt
digest-count-line-3 = { $name }: { $open }
digest-count-line-4 = { $name }: { $open } ({ $extra })
digest-oldest-line =
    {"*"}*{ $ticket }** · { $priority } · { $status } · { $holder } · eröffnet { $opened }
    { $summary }
digest-nobody = nicht zugewiesen

## sla

sla-late-0 = { $secs } s
sla-late-0-2 = { $m } min
sla-late-0-3 = { $h } h
sla-late-0-4 = { $h } h { $m } min
sla-late-0-5 = { $d } d
sla-late-0-6 = { $d } d { $h } h
sla-low-rating = 👎 **{ $ticket }** ({ $summary }) wurde von der anfragenden Person mit **{ $score }/5** bewertet; bearbeitet von { $holder }.
sla-low-rating-some =
    { $head }
    Kommentar:
    >>> { $comment }
sla-opened = 🚨 **{ $priority }** eröffnet: **{ $ticket }** ({ $summary }), gemeldet von { $requester }.
sla-nobody = niemand (Warteschlange Level { $level })
sla-warning = { $who } ⏳ Die SLA-Zeit von **{ $ticket }** läuft bald ab: Die { $clock } ist { $when } fällig.
sla-breached-in-thread = { $who } ⚠️ **{ $ticket }** hat sein SLA verletzt: Die { $clock } ist { $late } überfällig. Die Koordinatoren wurden alarmiert.
sla-alert = 🚨 SLA verletzt: **{ $ticket }** ({ $summary }): Die { $clock } ist { $late } überfällig. Bearbeitet von { $holder }; jetzt auf Level { $level }.
sla-breached-line = hat sein SLA verletzt: Die { $clock } ist { $late } überfällig, und es wurde eskaliert
sla-requester-escalated = Ihr Ticket **{ $ticket }** ({ $summary }) dauert länger als zugesagt. Es wurde daher an die Helpdesk-Koordinatoren eskaliert, die es nun begleiten.

## triage

triage-requester = Gemeldet von
triage-category = Kategorie
triage-priority = Priorität
triage-level = Level
triage-status = Status
triage-assignee = Zuständig
triage-unassigned = Nicht zugewiesen
triage-first-response-due = Erstreaktion fällig
triage-resolution-due = Lösung fällig
triage-responded = ✅ reagiert { $when }
triage-breached = ⚠️ **verletzt** { $when }
triage-nearly-breached = ⏳ { $when }
triage-paused = ⏸️ pausiert (wartet auf anfragende Person) { $when }
triage-not-set = —
triage-resolution = Lösung
triage-skipped = {"*"}übersprungen*
triage-more-answers-name = Weitere Antworten
triage-more-answers = { $count } weitere werden hier nicht angezeigt; siehe `/helpdesk anzeigen`.
triage-priority-value = {"*"}*{ $priority }** (von einem Koordinator festgelegt)
triage-priority-value-2 = {"*"}*{ $priority }** · { $impact } × { $urgency }
triage-level-value = L{ $level }

## queue

queue-title = Warteschlange
queue-title-filtered = Warteschlange · { $filters }
queue-empty = Hier ist nichts. 🎉
queue-page = Seite { $page } von { $pages } · { $total } { $total ->
        [one] Ticket
       *[other] Tickets
    } · sortiert nach Priorität, dann Fälligkeit
queue-unassigned = nicht zugewiesen
queue-nobody = niemand
queue-due = fällig { $when }
queue-filter-status = Status: { $status }
queue-filter-level = Level: L{ $level }
queue-filter-assignee = zuständig: { $who }
queue-filter-category = Kategorie: { $category }

## history

history-title = Verlauf von { $ticket } · { $summary }
history-empty = Keine Ereignisse erfasst.
history-earlier-not-shown = … { $count } frühere Ereignisse nicht angezeigt
history-line = { $when } · { $who } · **{ $what }**
history-line-2 = {" "}({ $change })
history-line-3 = : { $note }
history-change = { $from } → { $to }
history-system = deskbot

## replies

replies-only-technicians-claim = Nur Techniker können Tickets übernehmen.
replies-only-technicians = Das können nur Techniker.
replies-only-coordinators = Das können nur Koordinatoren.
replies-only-requester = Das kann nur die Person, die dieses Ticket gemeldet hat.
replies-level-too-low = Dieses Ticket ist auf Level { $level }; nur Techniker ab Level { $level } können es übernehmen.
replies-already-claimed = { $by } hat { $ticket } bereits übernommen.
replies-claimed = Sie haben { $ticket } übernommen.
replies-assigned = { $ticket } ist { $to } zugewiesen.
replies-escalated = { $ticket } wurde auf Level { $level } eskaliert.
replies-resolved = { $ticket } ist gelöst; die anfragende Person wurde um Bestätigung gebeten.
replies-asked = Ihre Frage wurde an die anfragende Person von { $ticket } gesendet. Das Ticket wartet auf ihre Rückmeldung, und die SLA-Uhr ist pausiert; die Antwort erscheint im Thread des Tickets.
replies-cancelled = { $ticket } ist storniert.
replies-priority-set = { $ticket } hat jetzt die Priorität { $priority }.
replies-watching = Sie erhalten bei jeder Änderung an { $ticket } eine Direktnachricht.
replies-already-watching = Sie beobachten { $ticket } bereits.
replies-note-added = Notiz zu { $ticket } hinzugefügt.
replies-reply-sent = An die anfragende Person von { $ticket } gesendet.
replies-linked = { $ticket } ist mit { $parent } verknüpft; wird { $parent } gelöst, ist es ebenfalls gelöst.
replies-not-in-a-ticket-thread = Verwenden Sie dies im Thread eines Tickets.
replies-no-such-ticket = Es gibt kein Ticket { $ticket }.
replies-bad-ticket-number = `{ $text }` ist keine Ticketnummer; verwenden Sie z. B. `42` oder `#42`.
replies-highest-level = Dieses Ticket ist bereits auf Level 3, dem höchsten.
replies-queue-restarted = Diese Seite war nicht mehr auffindbar, daher hier die erste Seite.
replies-expired-button = Diese Schaltfläche funktioniert nicht mehr. Verwenden Sie `/meinetickets` oder `/warteschlange`, um den aktuellen Stand zu sehen.
replies-text-too-short = Das Feld { $what } muss mindestens { $min } Zeichen lang sein.
replies-unknown-resolution-code = Unbekannter Lösungscode. Verwenden Sie einen der folgenden: { $codes }.
replies-not-here = Dieser Befehl funktioniert nur auf dem Server des Helpdesks.

## intake

intake-welcome = Hallo! Ich bin der IT-Helpdesk. Bringen wir Ihr Problem zum richtigen Techniker. Welche Kategorie passt am besten?
intake-suggested-category = Das klingt nach **{ $category }**. Wählen Sie diese Kategorie unten oder eine andere.
intake-question =
    {"*"}*Frage { $step } von { $total }**
    { $question }{ $hint }
intake-greeting = Hallo! Ich bin der IT-Helpdesk. Bringen wir Ihr Problem zum richtigen Techniker.
intake-question-open =
    {"*"}*Frage { $step }**
    { $question }{ $hint }
intake-hint = {"*"}{ $hint }*
intake-suggested-choice = Vorschlag: **{ $choice }** (antworten Sie mit `ok`, um ihn zu übernehmen, oder wählen Sie etwas anderes).
intake-current-answer =
    Ihre bisherige Antwort: { $answer }
    Geben Sie die neue Antwort ein.
intake-ended = Diese Anfrage ist bereits beendet (gesendet, abgebrochen oder abgelaufen). Schreiben Sie mir eine Direktnachricht oder nutzen Sie `/ticket`, um eine neue zu beginnen.
intake-already-answered = Diese Frage ist bereits beantwortet. Antworten Sie mit `zurück`, um die vorherige Antwort zu ändern.
intake-edit-prompt = Welche Antwort möchten Sie ändern?
intake-how-to-stop = Antworten Sie mit `zurück`, um Ihre letzte Antwort zu ändern, oder mit `abbrechen`, um aufzuhören.
intake-invalid-answer = ⚠️ { $why }
intake-never-send-passwords = 🔒 Senden Sie niemals Passwörter. Niemand vom Helpdesk wird Sie jemals nach einem Passwort fragen.
intake-secret-masked = 🔒 Ein Teil Ihrer Antwort sah wie ein Passwort oder ein geheimer Schlüssel aus, daher habe ich ihn unkenntlich gemacht. Senden Sie niemals Passwörter; niemand vom Helpdesk wird Sie jemals danach fragen.
intake-review-title = Überprüfung: { $summary }
intake-review-hint = Prüfen Sie die Angaben und klicken Sie dann auf **Absenden**. Mit **Ändern** gehen Sie die Fragen erneut durch.
intake-review-priority = Priorität { $priority }
intake-submitted = Ticket **{ $ticket }** ist eröffnet. Ein Techniker kümmert sich in Kürze darum; ich informiere Sie per Direktnachricht über jede Änderung.
intake-self-served = Schön, dass das geholfen hat! Es wurde kein Ticket eröffnet.
intake-cancelled = Abgebrochen. Es wurde nichts gesendet. Schreiben Sie mir einfach wieder, wenn Sie Hilfe brauchen.
intake-reminder = Ihre Helpdesk-Anfrage ist noch nicht abgeschlossen. Beantworten Sie die letzte Frage, um fortzufahren, oder antworten Sie mit `abbrechen`.
intake-expired = Ihre nicht abgeschlossene Helpdesk-Anfrage ist abgelaufen. Schreiben Sie mir einfach wieder, wenn Sie Hilfe brauchen.
intake-modal-title = Neues Ticket · { $category }
intake-modal-title-general = Neues Helpdesk-Ticket
intake-answer-modal-title = Ihre Antwort
intake-summary-label = Kurzbeschreibung
intake-summary-placeholder = Was ist das Problem, in einer Zeile

## modals

modals-escalate-title = { $ticket } eskalieren
modals-escalate-reason-label = Warum braucht es das nächste Level?
modals-escalate-reason-placeholder = Was Sie versucht haben und was sich das nächste Level ansehen sollte
modals-resolve-title = { $ticket } lösen
modals-resolve-notes-label = Lösungsnotizen
modals-resolve-notes-placeholder = Was war das Problem und was hat es behoben (für die anfragende Person sichtbar)
modals-resolve-code-label = Lösungscode
modals-resolve-code-placeholder = Einer von: { $codes }
modals-reopen-title = { $ticket } besteht weiterhin
modals-reopen-note-label = Was ist noch nicht in Ordnung? (optional)
modals-comment-title = Ihre Bewertung von { $ticket }
modals-comment-label = Was lief gut, was könnte besser sein?
modals-ask-title = Rückfrage zu { $ticket }
modals-ask-question-label = Ihre Frage (per Direktnachricht gesendet)
modals-ask-question-placeholder = z. B. Um welchen Laptop geht es: Welche Inventarnummer steht auf der Unterseite?

## errors

errors-unexpected-some = Entschuldigung, bei uns ist mit Ticket { $ticket } etwas schiefgelaufen. Es ist nichts verloren gegangen; bitte versuchen Sie es gleich noch einmal und wenden Sie sich mit { $ticket } an den Helpdesk, falls es erneut auftritt.
errors-unexpected-none = Entschuldigung, bei uns ist etwas schiefgelaufen. Bitte versuchen Sie es gleich noch einmal.
errors-busy = Jemand anderes hat dieses Ticket im selben Moment geändert. Bitte versuchen Sie es erneut.

## commands

commands-ticket = Ein IT-Problem an den Helpdesk melden
commands-ticket-summary = Was ist das Problem, in einer Zeile
commands-ticket-category = Die Art des Problems
commands-mytickets = Ihre Tickets und deren Status
commands-queue = Offene Tickets, nach Priorität, dann Fälligkeit (Personal)
commands-queue-status = Nur Tickets mit diesem Status
commands-queue-level = Nur Tickets auf diesem Support-Level
commands-queue-assignee = Nur Tickets, die dieser Techniker bearbeitet
commands-queue-unassigned = Nur Tickets, die niemand bearbeitet
commands-queue-category = Nur Tickets dieser Kategorie
commands-escalate = Ein Ticket an ein höheres Support-Level übergeben
commands-escalate-level = Das Ziel-Level (Standard: das nächste)
commands-escalate-reason = Warum es dieses Level braucht
commands-assign = Ein Ticket einem Techniker zuweisen (Koordinatoren)
commands-assign-technician = Der Techniker, der es übernimmt
commands-assign-reason = Warum (optional)
commands-reply = Der anfragenden Person per Direktnachricht schreiben (im Thread eines Tickets)
commands-reply-text = Was Sie der anfragenden Person mitteilen möchten
commands-ask = Der anfragenden Person per Direktnachricht eine Frage stellen (im Thread eines Tickets)
commands-ask-question = Was Sie wissen müssen
commands-desk = Werkzeuge für das Helpdesk-Team
commands-desk-show = Der vollständige Verlauf eines Tickets
commands-desk-note = Einem Ticket eine interne Notiz hinzufügen
commands-desk-note-text = Die Notiz (für die anfragende Person nie sichtbar)
commands-desk-watch = Bei jeder Änderung an einem Ticket eine Direktnachricht erhalten
commands-desk-priority = Die Priorität eines Tickets überschreiben (Koordinatoren)
commands-desk-priority-value = Die neue Priorität
commands-desk-priority-reason = Warum die Priorität laut Matrix falsch ist
commands-desk-cancel = Ein Ticket stornieren (Koordinatoren)
commands-desk-cancel-reason = Warum es storniert wird
commands-desk-link = Ein Ticket mit einer übergeordneten Störung verknüpfen; es wird mit ihr gelöst
commands-desk-link-parent = Die Ticketnummer der übergeordneten Störung
commands-ticket-number = Ticketnummer, z. B. 42

## refusals

refusals-database-unavailable = Der Helpdesk kann seine Datenbank gerade nicht erreichen; bitte versuchen Sie es in einer Minute erneut.
refusals-not-the-triage-message = Diese Schaltfläche gehört nicht zur Triage-Nachricht von { $ticket } und bewirkt hier daher nichts. Verwenden Sie die Schaltflächen dieser Nachricht.
refusals-not-the-requesters-dm = Nur die Person, die { $ticket } gemeldet hat, kann hierauf antworten, und zwar in der Direktnachricht, die der Bot ihr geschickt hat.

## assign

assign-duty = Angeben, ob Sie arbeiten, damit Ihnen Tickets vorgeschlagen werden können (Techniker)
assign-duty-on = Sie arbeiten: Ihnen können Tickets vorgeschlagen werden
assign-duty-off = Sie arbeiten nicht: Ihnen werden keine Tickets vorgeschlagen
assign-desk-skills = Kompetenzen und Level eines Technikers für Zuweisungsvorschläge festlegen (Koordinatoren)
assign-desk-skills-technician = Der Techniker
assign-desk-skills-skills = Kategorieschlüssel, durch Kommas getrennt, z. B. network, printing
assign-desk-skills-level = Das Support-Level (Standard: unverändert)
assign-technician-optional = Der Techniker, der es übernimmt; leer lassen für einen Vorschlag
assign-confirm = Bestätigen
assign-refusal-not-coordinator = Das können nur Koordinatoren. Es wurde nichts geändert.
assign-refusal-not-technician = <@{ $user }> ist kein Techniker: Die Person hat keine Techniker-Rolle und steht nicht unter [[technicians]] in der Helpdesk-Datei. Es wurde nichts geändert.
assign-refusal-not-technician-self = Nur Techniker melden sich zum Dienst an oder ab. Es wurde nichts geändert.
assign-refusal-unknown-skills = Nennen Sie mindestens eine Kompetenz: Kategorieschlüssel, durch Kommas getrennt, aus { $known }. Es wurde nichts geändert.
assign-refusal-unknown-skills-2 = { $unknown } { $count ->
        [one] ist kein Kategorieschlüssel
       *[other] sind keine Kategorieschlüssel
    }. Kompetenzen sind Kategorieschlüssel, durch Kommas getrennt: { $known }. Es wurde nichts geändert.
assign-refusal-stale = { $ticket } hat sich seit diesem Vorschlag geändert und wurde daher nicht zugewiesen. Führen Sie `/zuweisen` erneut aus, um einen neuen Vorschlag zu erhalten.
assign-refusal-suggestion-changed = Wer im Dienst ist oder wie ausgelastet, hat sich seit diesem Vorschlag geändert; { $ticket } wurde daher nicht zugewiesen. Führen Sie `/zuweisen` erneut aus, um einen neuen Vorschlag zu erhalten.
assign-suggested = {"*"}*{ $ticket }** ({ $category }, Level { $level }, { $priority }): Ich schlage { $who } vor.
assign-load = Last { $load } ({ $active } { $active ->
        [one] aktives Ticket
       *[other] aktive Tickets
    })
assign-why = Begründung: { $duty }, Kompetenz in { $category }, Level { $level }, { $load }: { $comparison }.
assign-only-one = die einzige qualifizierte Person
assign-lightest = die geringste Last unter den Qualifizierten
assign-tie-won = gleiche Last; bei Gleichstand entscheidet das niedrigere Level, dann weniger aktive Tickets
assign-passed-over = Nicht berücksichtigt:
assign-holds = bearbeitet es bereits
assign-no-skill = keine Kompetenz in { $category }
assign-level-too-low = Level { $level }, das Ticket braucht { $needed }
assign-busier = stärker ausgelastet, { $load }
assign-lost-tie = gleiche { $load }, Level { $level }: Gleichstand verloren
assign-item = - { $who }: { $why }
assign-confirm-hint = Zum Zuweisen bestätigen: Die Begründung wird gespeichert, und Techniker und anfragende Person werden informiert.
assign-nobody = Niemand ist für **{ $ticket }** qualifiziert ({ $category }, Level { $level }):
assign-nobody-hint = Um es trotzdem jemandem zuzuweisen: `/zuweisen ticket:{ $number } techniker:@…`.
assign-no-technicians = Für **{ $ticket }** kann niemand vorgeschlagen werden: Es sind keine Techniker eingerichtet. Tragen Sie sie unter [[technicians]] in der Helpdesk-Datei ein oder geben Sie einem Techniker Kompetenzen mit `/helpdesk kompetenzen`.
assign-confirmed = { $ticket } ist { $who } zugewiesen, wie vorgeschlagen; die Begründung steht im Verlauf.
assign-skills-set = { $who } hat jetzt die Kompetenzen { $skills } auf Level { $level }. Das ersetzt die Angaben der Helpdesk-Datei für diese Person.
assign-on-duty = Sie sind im Dienst: Ihnen können Tickets in { $skills } bis Level { $level } vorgeschlagen werden.
assign-on-duty-without-skills = Sie sind im Dienst, aber für Sie sind keine Kompetenzen hinterlegt, daher werden Ihnen keine Tickets vorgeschlagen: Bitten Sie einen Koordinator um `/helpdesk kompetenzen`.
assign-off-duty = Sie sind nicht im Dienst: Ihnen werden keine Tickets vorgeschlagen.
assign-until = {" "}Ab { $when } gilt wieder Ihr Schichtplan.

## kb

kb-command = Die Wissensdatenbank: durchsuchen oder Artikel schreiben und pflegen (Techniker, Koordinatoren)
kb-search = Die Artikel finden, die zu Ihrer Eingabe passen
kb-query-option = Wie sich das Problem äußert, in wenigen Worten
kb-new = Einen neuen Artikel schreiben
kb-edit = Einen Artikel bearbeiten
kb-retire = Einen Artikel zurückziehen: Er bleibt gespeichert, wird aber nicht mehr gefunden oder angeboten
kb-list = Die Artikel auflisten, auf Wunsch nur einer Kategorie
kb-list-category = Nur diese Kategorie
kb-promote = Einen Artikel aus der Lösung eines geschlossenen Tickets schreiben
kb-article-option = Die Nummer des Artikels (siehe /kb liste)
kb-new-title = Neuer Artikel
kb-edit-title = Artikel { $id } bearbeiten
kb-promote-title = Artikel aus { $ticket }
kb-title-label = Titel
kb-symptoms-label = Symptome: Was die Person sieht
kb-steps-label = Schritte: Was das Problem behebt
kb-category-label = Kategorie
kb-tags-label = Schlagwörter, kommagetrennt (optional)
kb-category-placeholder = Eine von: { $keys }
kb-created = Artikel **{ $id }** gespeichert: { $title }. Er wird anfragenden Personen angeboten, wenn ihre Worte passen.
kb-edited = Artikel **{ $id }** aktualisiert: { $title }.
kb-retired = Artikel **{ $id }** zurückgezogen: { $title }. Er bleibt gespeichert, wird aber nicht mehr gefunden oder angeboten.
kb-results = Artikel zu „{ $query }“, die besten zuerst:
kb-no-results = Kein Artikel passt zu „{ $query }“. Versuchen Sie andere Begriffe oder eröffnen Sie ein Ticket mit `/ticket`.
kb-list-title = Wissensdatenbank
kb-list-empty = Noch keine Artikel vorhanden. Techniker schreiben sie mit `/kb neu` oder `/kb aus-ticket`.
kb-article-name = { $id } · { $title }
kb-list-line = {"*"}*{ $id }** · { $title } ({ $category })
kb-refusal-not-staff = Nur Techniker und Koordinatoren können Artikel schreiben, bearbeiten oder zurückziehen. Zum Suchen verwenden Sie `/kb suchen`.
kb-refusal-no-such-article = Es gibt keinen Artikel { $id }. `/kb liste` zeigt alle an.
kb-refusal-retired = Artikel { $id } ist zurückgezogen und kann daher nicht geändert werden.
kb-refusal-empty-query = Geben Sie ein paar Wörter zum gesuchten Problem ein, z. B. `vpn bricht ab`.
kb-refusal-not-closed = { $ticket } ist noch nicht geschlossen: Nur geschlossene Tickets können zu Artikeln werden.
kb-problem-no-title = Der Artikel braucht einen Titel.
kb-problem-title-too-long = Der Titel darf höchstens { $TITLE_MAX_CHARS } Zeichen lang sein.
kb-problem-no-symptoms = Beschreiben Sie, was die Person sieht (die Symptome).
kb-problem-symptoms-too-long = Die Symptome dürfen höchstens { $SYMPTOMS_MAX_CHARS } Zeichen lang sein.
kb-problem-no-steps = Beschreiben Sie, was das Problem behebt (die Schritte).
kb-problem-steps-too-long = Die Schritte dürfen höchstens { $STEPS_MAX_CHARS } Zeichen lang sein.
kb-problem-unknown-category = Diese Kategorie gehört nicht zum Helpdesk. Es wurde nichts gespeichert; versuchen Sie es mit einer der vorhandenen Kategorien erneut.
kb-problem-too-many-tags = Geben Sie höchstens 10 Schlagwörter an.
kb-offered-intro = Diese Hilfeartikel passen zu Ihrer Beschreibung. Wenn einer das Problem löst, klicken Sie auf **Hat geholfen**; andernfalls auf **Passt nicht** oder **Absenden**.
kb-this-fixed-it = Hat geholfen ({ $n })
kb-not-this = Passt nicht
kb-hint-title = Hinweis: Das gab es möglicherweise schon einmal
kb-hint-tickets = Ähnliche geschlossene Tickets
kb-hint-ticket-some = {"*"}*{ $ticket }** ({ $code }): { $notes }
kb-hint-ticket-none = {"*"}*{ $ticket }**: { $notes }
kb-hint-articles = Passende Artikel
kb-hint-article = {"*"}*{ $id }** · { $title } (zum Lesen: `/kb suchen`)

## incident

incident-link-description = Ein Ticket einer Großstörung zuordnen (es verlässt die Warteschlange und wird mit ihr gelöst)
incident-unlink-description = Ein Ticket von seiner Störung lösen: Es wird wieder normal bearbeitet
incident-parent-option = Die Ticketnummer der Störung (übergeordnet)
incident-reason-option = Warum, für das Audit-Protokoll (optional)
incident-linked = { $child } gehört jetzt zur Störung { $parent }: Es hat die Warteschlange verlassen, die anfragende Person erfährt die Fortschritte von { $parent }, und es wird mit { $parent } gelöst.
incident-unlinked = { $child } hat seine Störung verlassen: Es ist wieder als normales Ticket in der Warteschlange.
incident-child-joined = { $child } von { $requester } wurde dieser Störung zugeordnet
incident-child-left = { $child } gehört nicht mehr zu dieser Störung und wird eigenständig bearbeitet
incident-field = Störung
incident-part-of = Teil von **{ $parent }**
incident-affected = {"*"}*+{ $count } betroffen**
incident-queue-part-of = {" "}· ↳ Teil von { $parent }
incident-queue-affected = {" "}· +{ $count } betroffen
incident-known-problem =
    Das sieht nach einem bekannten Problem aus: **{ $ticket }** { $summary }
    Der Helpdesk arbeitet bereits daran. Schließen Sie sich an, dann erfahren Sie von den Fortschritten und der Lösung, ohne auf ein eigenes Ticket warten zu müssen.
incident-add-me = Mich hinzufügen
incident-not-this = Passt nicht
incident-joined = Erledigt: Ihr Ticket **{ $ticket }** gehört jetzt zu **{ $parent }**. Sie erfahren die Fortschritte hier, und wenn es behoben ist, können Sie uns sagen, ob es auch bei Ihnen behoben ist.
incident-refusal-not-staff = Nur das Helpdesk-Team kann Tickets mit einer Störung verknüpfen.
incident-refusal-to-itself = { $ticket } kann nicht Teil von sich selbst sein: Wählen Sie ein anderes Ticket als Störung.
incident-refusal-other-guild = Diese Tickets gehören zu verschiedenen Organisationen und können daher nicht verknüpft werden.
incident-refusal-cycle = { $parent } ist bereits Teil von { $child }, daher kann { $child } nicht Teil von { $parent } sein: Das wäre ein Zirkelbezug. Lösen Sie zuerst { $parent }, wenn Sie die Zuordnung umkehren möchten.
incident-refusal-parent-is-child = { $parent } ist selbst Teil der Störung { $of }; Störungen haben nur eine Ebene. Verknüpfen Sie stattdessen mit { $of }.
incident-refusal-has-children = { $child } ist eine Störung mit { $count } eigenen Ticket(s) und kann daher nicht Teil einer anderen werden. Lösen Sie zuerst deren Tickets.
incident-refusal-parent-not-active = { $parent } ist nicht aktiv (Status: { $status }): Nur einer offenen Störung können Tickets zugeordnet werden.
incident-refusal-child-not-active = { $child } ist nicht aktiv (Status: { $status }): Nur offene Tickets können einer Störung zugeordnet werden.
incident-refusal-already-linked = { $child } ist bereits Teil von { $parent }.
incident-refusal-not-linked = { $ticket } gehört zu keiner Störung.

## stats

stats-command = Kennzahlen und Diagramme des Helpdesks für einen Zeitraum (Koordinatoren)
stats-days-option = Wie viele Tage zurück ab heute (Standard: 30)
stats-technician-option = Nur die Tickets dieses Technikers
stats-faq = Die häufigsten Probleme eines Zeitraums, um zu entscheiden, welche Artikel fehlen (Koordinatoren)
stats-faq-days-option = Wie viele Tage zurück ab heute (Standard: 90)
stats-title-some = Helpdesk-Kennzahlen: letzte { $days } Tage, Tickets von { $t }
stats-title-none = Helpdesk-Kennzahlen: letzte { $days } Tage
stats-summary = {"*"}*{ $opened }** eröffnet · **{ $resolved }** gelöst · **{ $backlog }** derzeit offen
stats-backlog = Rückstand (derzeit offen)
stats-first-response = Erstreaktion
stats-resolution = Lösung
stats-spread-some =
    Median { $median } · p90 { $p90 }
    { $count } Tickets
stats-spread-none = noch keine Tickets
stats-sla = SLA-Einhaltung
stats-sla-value-some =
    { $p } %
    { $met } von { $resolved } rechtzeitig gelöst
stats-sla-value-none = nichts gelöst
stats-satisfaction = Zufriedenheit
stats-satisfaction-value-some =
    { $a } / 5
    { $rated } Bewertungen ({ $r } % beantwortet)
stats-satisfaction-value-some-2 = noch keine Bewertungen
stats-deflections = Self-Service
stats-deflections-value-some =
    { $n } per Artikel gelöst
    ({ $r } % der gemeldeten Probleme)
stats-deflections-value-some-2 = { $n } per Artikel gelöst
stats-technicians = Techniker (offen · gelöst · Zufriedenheit)
stats-technician-line-some = { $who }: { $open } · { $closures } · { $s }
stats-technician-line-none = { $who }: { $open } · { $closures } · –
stats-none = keine
stats-categories = Häufigste Kategorien (eröffnet)
stats-footer = Gelöst = im Zeitraum abgeschlossene Arbeit; SLA eingehalten = kein Ziel verletzt. Perzentile nach Nearest-Rank-Methode.
stats-chart-unavailable = Das Diagramm konnte diesmal nicht gezeichnet werden; die Kennzahlen sind vollständig.
stats-faq-title = Häufigste Probleme: letzte { $days } Tage
stats-faq-empty = In den letzten { $days } Tagen wurde kein Ticket gelöst: noch nichts zu gruppieren.
stats-faq-group = { $category } · { $count } Tickets
stats-faq-examples = Beschrieben als
stats-faq-resolution = Häufigste Lösung: { $code } ({ $count })
stats-faq-article = Artikel **{ $id }**: { $title }
stats-faq-no-article = Noch kein Artikel: Es lohnt sich, einen zu schreiben (`/kb neu` oder `/kb aus-ticket` mit einem Ticket).

## labels used inside other messages

sla-clock-first-response = Erstreaktion
sla-clock-resolution = Lösung
history-kind-created = eröffnet
history-kind-claimed = übernommen
history-kind-assigned = zugewiesen
history-kind-escalated = eskaliert
history-kind-waiting = wartet auf anfragende Person
history-kind-resumed = fortgesetzt
history-kind-resolved = gelöst
history-kind-confirmed = Behebung bestätigt
history-kind-reopened = wieder geöffnet
history-kind-cancelled = storniert
history-kind-closed = geschlossen
history-kind-priority-changed = Priorität geändert
history-kind-rated = bewertet
history-kind-note = interne Notiz
history-kind-reply = Antwort an anfragende Person
history-kind-requester-message = anfragende Person schrieb
history-kind-delivery-failed = Direktnachricht nicht zugestellt
history-kind-watch-started = beobachtet jetzt
history-kind-sla-warning = SLA-Warnung
history-kind-sla-breached = SLA verletzt
history-kind-waiting-reminded = anfragende Person erinnert
history-kind-rating-comment = Kommentar zur Bewertung
history-kind-linked = mit einer Störung verknüpft
history-kind-unlinked = von seiner Störung gelöst
assign-duty-said-on = im Dienst
assign-duty-in-shift = in der Schicht
assign-duty-said-off = nicht im Dienst (per /dienst beenden abgemeldet)
assign-duty-out-of-shift = nicht im Dienst (außerhalb der Schicht)
assign-duty-never-on = nicht im Dienst (keine Schicht und kein /dienst beginnen)
buttons-rating-1 = Sehr schlecht
buttons-rating-2 = Schlecht
buttons-rating-3 = In Ordnung
buttons-rating-4 = Gut
buttons-rating-5 = Ausgezeichnet

## How domain values read

status-intake = Wird erfasst
status-open = Offen
status-in-progress = In Bearbeitung
status-waiting-on-requester = Wartet auf Rückmeldung
status-resolved = Gelöst
status-closed = Geschlossen
status-cancelled = Storniert
impact-individual = Nur ich
impact-team = Mein Team
impact-organisation = Die ganze Organisation
urgency-low = Niedrig
urgency-medium = Mittel
urgency-high = Hoch
resolution-fixed = Behoben
resolution-workaround = Workaround
resolution-duplicate = Duplikat
resolution-not-reproducible = Nicht reproduzierbar
resolution-user-error = Bedienfehler
resolution-no-response = Keine Rückmeldung

## The steps every intake asks

prompt-summary = Was ist das Problem, in einer Zeile?
prompt-summary-label = Kurzbeschreibung (eine Zeile)
prompt-summary-hint = z. B. Laptop startet nach dem Update nicht
prompt-category = Um welche Art von Problem handelt es sich?
prompt-description = Beschreiben Sie, was passiert, was Sie erwartet haben und was Sie bereits versucht haben.
prompt-description-label = Was passiert?
prompt-description-hint = Fehlermeldungen helfen. Senden Sie niemals Passwörter: Wir werden Sie nie danach fragen.
prompt-impact = Wer ist betroffen?
prompt-urgency = Wie dringend ist es?
prompt-urgency-hint = Hoch: Sie oder andere können nicht arbeiten. Mittel: Die Arbeit ist beeinträchtigt. Niedrig: Es kann warten.
field-summary = Kurzbeschreibung
field-category = Kategorie
field-description = Beschreibung
field-impact = Wer ist betroffen
field-urgency = Dringlichkeit

## Why an intake answer was not accepted

problem-empty = Bitte geben Sie eine Antwort ein (oder `abbrechen`, um aufzuhören).
problem-required = Diese Frage kann nicht übersprungen werden: Bitte beantworten Sie sie (oder geben Sie `abbrechen` ein, um aufzuhören).
problem-too-long = Das sind { $got } Zeichen; das Limit liegt bei { $max }. Bitte kürzen Sie den Text.
problem-not-one-line = Bitte halten Sie die Kurzbeschreibung auf einer Zeile.
problem-no-match-hint = Das scheint nicht zu stimmen. { $hint }
problem-no-match = Das scheint nicht zu stimmen; bitte prüfen Sie die Angabe.
problem-not-a-choice = Bitte wählen Sie eine der folgenden Optionen: { $choices } (den Text oder die Nummer).
problem-nothing-before = Dies ist die erste Frage; es gibt nichts, wohin Sie zurückgehen könnten.
problem-at-review = Antworten Sie mit `absenden`, um das Ticket zu eröffnen, mit `ändern` und einer Nummer, um eine Antwort zu ändern, oder mit `abbrechen`.
problem-unknown-item = Welche Antwort möchten Sie ändern? Antworten Sie mit `ändern` und der Nummer: { $items }.
problem-incomplete = Noch ist nicht alles beantwortet: „{ $missing }“ braucht noch eine Antwort.
problem-cancelled = Diese Anfrage wurde abgebrochen; senden Sie eine neue Nachricht, um neu zu beginnen.
problem-in-answer = { $question }: { $problem }

## Why the ticket rules refused a change

refusal-not-allowed = { $ticket }: { $action } ist nur { $who } erlaubt.
refusal-level-required = { $ticket }: { $action } ist nur Technikern ab Level { $level } erlaubt.
refusal-wrong-status = { $ticket }: { $action } ist nicht möglich (Status: { $status }).
refusal-already-claimed = { $ticket } wurde bereits von { $by } übernommen.
refusal-claimed-cannot-cancel = { $ticket } wurde bereits von { $by } übernommen; bitten Sie diese Person oder einen Koordinator, es zu stornieren.
refusal-already-assigned = { $ticket } ist bereits { $technician } zugewiesen.
refusal-not-at-level = { $technician } arbeitet nicht auf Level { $level }.
refusal-top-level = { $ticket } ist bereits auf Level 3, dem höchsten.
refusal-not-higher = { $ticket } ist bereits auf Level { $current }; wählen Sie ein höheres Level.
refusal-reason-too-short = Geben Sie eine Begründung mit mindestens { $min } Zeichen an.
refusal-notes-too-short = Lösungsnotizen brauchen mindestens { $min } Zeichen: Beschreiben Sie, was das Problem war und was es behoben hat.
refusal-same-priority = { $ticket } hat bereits die Priorität { $priority }.
refusal-score-out-of-range = Eine Bewertung ist eine ganze Zahl von 1 bis 5.
refusal-already-rated = { $ticket } wurde bereits bewertet.
refusal-not-rated-yet = { $ticket } hat noch keine Bewertung, die kommentiert werden könnte.
# The "who" labels below are in the dative and the "action" labels are nominalised verbs: they only
# fill refusal-not-allowed, refusal-level-required and refusal-wrong-status above
# ("{ $ticket }: { $action } ist nur { $who } erlaubt").
refusal-who-coordinators = Koordinatoren
refusal-who-technicians = Technikern
refusal-who-the-requester = der anfragenden Person
refusal-who-the-requester-or-a-coordinator = der anfragenden Person oder einem Koordinator
refusal-who-the-assignee-or-a-coordinator = der zuständigen Person oder einem Koordinator
refusal-who-the-requester-the-assignee-or-a-coordinator = der anfragenden Person, der zuständigen Person oder einem Koordinator
refusal-action-submit = Absenden
refusal-action-claim = Übernehmen
refusal-action-assign = Zuweisen
refusal-action-escalate = Eskalieren
refusal-action-pause = Pausieren
refusal-action-resume = Fortsetzen
refusal-action-resolve = Lösen
refusal-action-confirm = Bestätigen
refusal-action-reopen = Wiedereröffnen
refusal-action-cancel = Stornieren
refusal-action-close = Schließen
refusal-action-change-the-priority-of = Ändern der Priorität
refusal-action-rate = Bewerten
refusal-action-comment-on-the-rating-of = Kommentieren der Bewertung

## Slash command and option names as Discord shows them in each language: lowercase, no spaces, at
## most 32 characters (letters, digits, - and _). People type these after the slash.

name-ticket = ticket
name-mytickets = meinetickets
name-queue = warteschlange
name-escalate = eskalieren
name-assign = zuweisen
name-reply = antworten
name-ask = rückfrage
name-desk = helpdesk
name-duty = dienst
name-kb = kb
name-stats = statistik
name-faq = faq
name-language = sprache
name-summary = kurzbeschreibung
name-category = kategorie
name-status = status
name-level = level
name-assignee = zuständig
name-unassigned = nicht-zugewiesen
name-reason = grund
name-technician = techniker
name-text = text
name-question = frage
name-value = wert
name-parent = störung
name-skills = kompetenzen
name-query = suchbegriff
name-article = artikel
name-days = tage
name-show = anzeigen
name-note = notiz
name-watch = beobachten
name-priority = priorität
name-cancel = stornieren
name-link = verknüpfen
name-unlink = trennen
name-search = suchen
name-new = neu
name-edit = bearbeiten
name-retire = zurückziehen
name-list = liste
name-promote = aus-ticket
name-on = beginnen
name-off = beenden

## /language

commands-language = Wählen Sie die Sprache, in der deskbot Ihnen schreibt
commands-language-option = Ihre Sprache
language-set = Ab jetzt schreibe ich Ihnen auf Deutsch.
commands-level-choice = Level { $level }

## Why a note, reply, question, rating comment or watch was not taken

declined-not-staff-note = Nur das Helpdesk-Team kann Notizen hinzufügen.
declined-empty-question = Geben Sie die Frage an die anfragende Person ein.
declined-already-commented = Sie haben diese Bewertung bereits kommentiert. Vielen Dank!
declined-not-staff-reply = Nur das Helpdesk-Team kann der anfragenden Person antworten.
declined-not-your-ticket = { $ticket } ist nicht Ihr Ticket.
declined-not-staff-watch = Nur das Helpdesk-Team kann Tickets anderer Personen beobachten.
declined-empty-message = Die Nachricht ist leer.

## The words drawn on the /stats chart (dates are drawn as day/month)

stats-chart-flow-title = Eröffnete und geschlossene Tickets pro Tag
stats-chart-tickets = Tickets
stats-chart-opened = eröffnet
stats-chart-closed = geschlossen
stats-chart-sla-title = SLA-Einhaltung pro Woche (% der gelösten Tickets)
stats-chart-week-of = Woche vom

## Sammelmeldung bei einer Ticketflut: eine Nachricht im Triage-Kanal mit den neuen Tickets, die
## noch auf ihren eigenen Beitrag warten.
storm-headline = **{ $count ->
    [one] { $count } neues:
   *[other] { $count } neue:
}**
storm-more = , … und { $count } weitere
storm-explain = -# Jedes erhält seinen eigenen Beitrag, sobald der Kanal es zulässt; wählen Sie unten eines, um es jetzt zu übernehmen.
storm-pick-placeholder = Öffnen oder übernehmen…
storm-caught-up = ✅ Jedes neue Ticket hat jetzt seinen eigenen Beitrag.
storm-claimed = Sie haben { $ticket } übernommen; sein eigener Beitrag folgt hier, sobald der Kanal es zulässt.
storm-not-in-triage = Diese Liste funktioniert nur in einem Triage-Kanal.
