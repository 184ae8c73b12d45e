
## buttons

buttons-claim = Claim
buttons-escalate = Escalate
buttons-resolve = Resolve
buttons-ask = Ask requester
buttons-add-comment = Add a comment
buttons-fixed = Fixed
buttons-still-broken = Still broken
buttons-cancel-ticket = Cancel { $ticket }
buttons-previous-page = Prev
buttons-next-page = Next
buttons-submit = Submit
buttons-edit = Edit
buttons-cancel = Cancel
buttons-skip = Skip
buttons-answer = Answer
buttons-rating-placeholder = How did we do? Rate from 1 to 5
buttons-rating = { $stars } { $score } · { $words }
buttons-category-placeholder = Choose the category that fits best
buttons-choice-placeholder = Choose one
buttons-edit-placeholder = Choose the answer to change

## requester

requester-opened =
    Your ticket **{ $ticket }** is open: { $summary }
    A technician will pick it up soon. I'll tell you here about every change.
requester-claimed = { $by } is now working on your ticket **{ $ticket }** ({ $summary }).
requester-assigned = Your ticket **{ $ticket }** ({ $summary }) was assigned to { $to }.
requester-escalated =
    Your ticket **{ $ticket }** ({ $summary }) was passed to level { $level } support, who will take it from here.
    Reason: { $reason }
requester-waiting-some =
    Your ticket **{ $ticket }** ({ $summary }) is waiting on you. Write your answer here and I will pass it on. The technician asks:
    >>> { $note }
requester-waiting-none = Your ticket **{ $ticket }** ({ $summary }) is waiting on you: the technician needs more information. Reply here.
requester-waiting-reminder = Reminder: your ticket **{ $ticket }** ({ $summary }) is still waiting on you. Write your answer here; without one, it will be resolved as "no response" in { $resolve_in }.
requester-waiting-reminder-some =
    { $head } The technician asked:
    >>> { $note }
requester-resumed = Work on your ticket **{ $ticket }** ({ $summary }) has resumed.
requester-resolved =
    Your ticket **{ $ticket }** ({ $summary }) was resolved: { $code }.
    Did this fix it? Press **Fixed** or **Still broken** below.
    {"*"}*What was done:**
    { $notes }
requester-reopened = Your ticket **{ $ticket }** ({ $summary }) is open again; we're back on it.
requester-closed = Your ticket **{ $ticket }** ({ $summary }) is closed. How did we do? Rate the service below.
requester-cancelled-some =
    Your ticket **{ $ticket }** ({ $summary }) was cancelled.
    Reason: { $reason }
requester-cancelled-none = Your ticket **{ $ticket }** ({ $summary }) was cancelled.
requester-priority-changed =
    The priority of your ticket **{ $ticket }** ({ $summary }) is now **{ $priority }**.
    Reason: { $reason }
requester-reply =
    { $from } about your ticket **{ $ticket }**:
    >>> { $text }
requester-thanks-for-confirming = Thanks! Ticket **{ $ticket }** is closed.
requester-reopened-by-you = Sorry it's still broken. Ticket **{ $ticket }** is open again and the technician has been told.
requester-thanks-for-rating = Thanks for rating ticket **{ $ticket }** { $score }/5. Anything to add? It helps us improve.
requester-thanks-for-comment = Thanks for rating ticket **{ $ticket }** { $score }/5, and for your comment.
requester-message-relayed = Added to ticket **{ $ticket }**. The technician will see it.
requester-which-ticket = You have several open tickets ({ $tickets }). Start your message with the number, e.g. `#42 ...`.
requester-other-tickets-hint = To write about another of your tickets ({ $others }), start your message with its number, e.g. `{ $example } ...`.
requester-new-problem-hint = To report a new problem, send `new`.
requester-not-an-open-ticket = {"*"}*{ $ticket }** is not one of your open tickets ({ $yours }). Start your message with one of those numbers, or send `new` to report a new problem.
requester-cancelled-by-you = Ticket **{ $ticket }** is cancelled.
requester-my-tickets-title = Your tickets
requester-my-tickets-empty = You have no tickets. Use `/ticket` or send me a DM to report a problem.

## staff

staff-opened = opened: { $summary }
staff-claimed = claimed by { $by }
staff-assigned = assigned to { $to }
staff-escalated = escalated to level { $level }: { $reason }
staff-waiting-some = waiting on the requester: { $note }
staff-waiting-none = waiting on the requester
staff-resumed = work resumed
staff-resolved = resolved ({ $code }): { $notes }
staff-reopened = reopened: the requester says it is still broken
staff-closed = closed
staff-cancelled-some = cancelled: { $reason }
staff-cancelled-none = cancelled
staff-priority-changed = priority changed to { $priority }: { $reason }
staff-replied = { $from } replied to the requester: { $text }
staff-waiting-reminded = the requester has not answered yet; they were reminded
staff-about = {"*"}*{ $ticket }** { $line }
staff-to-watcher = Ticket **{ $ticket }** ({ $summary }), which you follow: { $line }
# After the assignment's sentence, on a line of its own.
staff-assigned-to-you = {"\u000A"}Why you: { $r }.
staff-assigned-to-you-2 = You were assigned ticket **{ $ticket }** ({ $summary }). Its thread in the triage channel is where to work on it; `/reply` there reaches the requester.{ $why }
staff-reassigned-from-you = Ticket **{ $ticket }** ({ $summary }) was reassigned to { $to }; it is no longer yours.
staff-to-assignee = Ticket **{ $ticket }** ({ $summary }), which is assigned to you: { $line }

## thread

thread-requester-message =
    { $who } (requester) wrote:
    >>> { $text }
thread-level-ping = { $role } ticket **{ $ticket }** needs level { $level }. Claim it from the message above.
thread-dms-closed = Couldn't DM { $who }: their DMs are closed. Tell them here or another way.
thread-delivery-failed = Couldn't DM { $who } ({ $reason }). Tell them here or another way.
thread-opening = This thread is the ticket's workspace. Messages here are internal notes, never shown to the requester; use `/reply` to write to them.
thread-reply-sent = Sent to { $who } by DM.
thread-note-recorded = Note recorded (not shown to the requester).

## digest

digest-title = 📋 Help desk digest, { $day }
digest-summary =
    {"*"}*{ $open }** open · **{ $unassigned }** unassigned · **{ $breached }** breached
    Last 24 h: { $opened } opened, { $resolved } resolved.
digest-quiet = Nothing is open. A quiet desk.
digest-by-priority = By priority
digest-by-level = By level
digest-oldest = Oldest open
digest-count-line = { $unassigned } unassigned
digest-count-line-2 = { $breached } breached
digest-count-line-3 = { $name }: { $open }
digest-count-line-4 = { $name }: { $open } ({ $extra })
digest-oldest-line =
    {"*"}*{ $ticket }** · { $priority } · { $status } · { $holder } · opened { $opened }
    { $summary }
digest-nobody = unassigned

## sla

sla-late-0 = { $secs } s
sla-late-0-2 = { $m } min
sla-late-0-3 = { $h } h
sla-late-0-4 = { $h } h { $m } min
sla-late-0-5 = { $d } d
sla-late-0-6 = { $d } d { $h } h
sla-low-rating = 👎 **{ $ticket }** ({ $summary }) was rated **{ $score }/5** by its requester; handled by { $holder }.
sla-low-rating-some =
    { $head }
    Their comment:
    >>> { $comment }
sla-opened = 🚨 **{ $priority }** opened: **{ $ticket }** ({ $summary }), reported by { $requester }.
sla-nobody = nobody (level { $level } queue)
sla-warning = { $who } ⏳ **{ $ticket }** is nearly out of SLA time: its { $clock } is due { $when }.
sla-breached-in-thread = { $who } ⚠️ **{ $ticket }** breached its SLA: the { $clock } is { $late } late. The coordinators were alerted.
sla-alert = 🚨 SLA breached: **{ $ticket }** ({ $summary }): the { $clock } is { $late } late. Held by { $holder }; now at level { $level }.
sla-breached-line = breached its SLA: the { $clock } is { $late } late, and it was escalated
sla-requester-escalated = Your ticket **{ $ticket }** ({ $summary }) is taking longer than we promised, so it was escalated to the help desk coordinators, who are following it.

## triage

triage-requester = Requester
triage-category = Category
triage-priority = Priority
triage-level = Level
triage-status = Status
triage-assignee = Assignee
triage-unassigned = Unassigned
triage-first-response-due = First response due
triage-resolution-due = Resolution due
triage-responded = ✅ responded { $when }
triage-breached = ⚠️ **breached** { $when }
triage-nearly-breached = ⏳ { $when }
triage-paused = ⏸️ paused (waiting on requester) { $when }
triage-not-set = —
triage-resolution = Resolution
triage-skipped = {"*"}skipped*
triage-more-answers-name = More answers
triage-more-answers = { $count } more not shown here; see `/desk show`.
triage-priority-value = {"*"}*{ $priority }** (set by a coordinator)
triage-priority-value-2 = {"*"}*{ $priority }** · { $impact } × { $urgency }
triage-level-value = L{ $level }

## queue

queue-title = Queue
queue-title-filtered = Queue · { $filters }
queue-empty = Nothing here. 🎉
queue-page = Page { $page } of { $pages } · { $total } { $total ->
        [one] ticket
       *[other] tickets
    } · sorted by priority, then due time
queue-unassigned = unassigned
queue-nobody = nobody
queue-due = due { $when }
queue-filter-status = status: { $status }
queue-filter-level = level: L{ $level }
queue-filter-assignee = assignee: { $who }
queue-filter-category = category: { $category }

## history

history-title = History of { $ticket } · { $summary }
history-empty = No events recorded.
history-earlier-not-shown = … { $count } earlier events not shown
history-line = { $when } · { $who } · **{ $what }**
history-line-2 = {" "}({ $change })
history-line-3 = : { $note }
history-change = { $from } → { $to }
history-system = deskbot

## replies

replies-only-technicians-claim = Only technicians can claim tickets.
replies-only-technicians = Only technicians can do that.
replies-only-coordinators = Only coordinators can do that.
replies-only-requester = Only the person who reported this ticket can do that.
replies-level-too-low = This ticket is at level { $level }; only level { $level } technicians or above can take it.
replies-already-claimed = { $by } already has { $ticket }.
replies-claimed = You claimed { $ticket }.
replies-assigned = { $ticket } is assigned to { $to }.
replies-escalated = { $ticket } is escalated to level { $level }.
replies-resolved = { $ticket } is resolved; the requester has been asked to confirm.
replies-asked = Your question was sent to the requester of { $ticket }. The ticket waits on them and its SLA clock is paused; their answer will appear in the ticket's thread.
replies-cancelled = { $ticket } is cancelled.
replies-priority-set = { $ticket } is now { $priority }.
replies-watching = You'll get a DM about every change to { $ticket }.
replies-already-watching = You already follow { $ticket }.
replies-note-added = Note added to { $ticket }.
replies-reply-sent = Sent to the requester of { $ticket }.
replies-linked = { $ticket } is linked to { $parent }; resolving { $parent } resolves it too.
replies-not-in-a-ticket-thread = Use this in a ticket's thread.
replies-no-such-ticket = There is no ticket { $ticket }.
replies-bad-ticket-number = `{ $text }` is not a ticket number; use e.g. `42` or `#42`.
replies-highest-level = This ticket is already at level 3, the highest.
replies-queue-restarted = That page could not be found again, so here is the first page.
replies-expired-button = This button no longer works. Use `/mytickets` or `/queue` to see the current state.
replies-text-too-short = The { $what } must be at least { $min } characters.
replies-unknown-resolution-code = Unknown resolution code. Use one of: { $codes }.
replies-not-here = This command works only in the help desk's server.

## intake

intake-welcome = Hi! I'm the IT help desk. Let's get your problem to the right technician. Which category fits best?
intake-suggested-category = It sounds like **{ $category }**. Pick it below, or choose another category.
intake-question =
    {"*"}*Question { $step } of { $total }**
    { $question }{ $hint }
intake-greeting = Hi! I'm the IT help desk. Let's get your problem to the right technician.
intake-question-open =
    {"*"}*Question { $step }**
    { $question }{ $hint }
intake-hint = {"*"}{ $hint }*
intake-suggested-choice = Suggested: **{ $choice }** (reply `ok` to take it, or choose another).
intake-current-answer =
    Your answer so far: { $answer }
    Type the new answer.
intake-ended = This request has already ended (sent, cancelled or expired). DM me or use `/ticket` to start a new one.
intake-already-answered = That question is already answered. Reply `back` to change the previous answer.
intake-edit-prompt = Which answer do you want to change?
intake-how-to-stop = Reply `back` to change your last answer, or `cancel` to stop.
intake-invalid-answer = ⚠️ { $why }
intake-never-send-passwords = 🔒 Never send passwords. Nobody at the help desk will ever ask for one.
intake-secret-masked = 🔒 Part of your answer looked like a password or secret key, so I masked it. Never send passwords; nobody at the help desk will ever ask for one.
intake-review-title = Review: { $summary }
intake-review-hint = Check the details, then **Submit**. **Edit** goes back through the questions.
intake-review-priority = Priority { $priority }
intake-submitted = Ticket **{ $ticket }** is open. A technician will pick it up soon; I'll DM you about every change.
intake-self-served = Glad that fixed it! No ticket was opened.
intake-cancelled = Cancelled. Nothing was sent. DM me again whenever you need help.
intake-reminder = Your help desk request isn't finished yet. Answer the last question to continue, or reply `cancel`.
intake-expired = Your unfinished help desk request has expired. DM me again whenever you need help.
intake-modal-title = New ticket · { $category }
intake-modal-title-general = New help desk ticket
intake-answer-modal-title = Your answer
intake-summary-label = Summary
intake-summary-placeholder = What's wrong, in one line

## modals

modals-escalate-title = Escalate { $ticket }
modals-escalate-reason-label = Why does it need the next level?
modals-escalate-reason-placeholder = What you tried and what the next level should look at
modals-resolve-title = Resolve { $ticket }
modals-resolve-notes-label = Resolution notes
modals-resolve-notes-placeholder = What was wrong and what fixed it (the requester sees this)
modals-resolve-code-label = Resolution code
modals-resolve-code-placeholder = One of: { $codes }
modals-reopen-title = { $ticket } is still broken
modals-reopen-note-label = What is still wrong? (optional)
modals-comment-title = Your rating of { $ticket }
modals-comment-label = What went well, or what could be better?
modals-ask-title = Ask the requester of { $ticket }
modals-ask-question-label = Your question (sent to them by DM)
modals-ask-question-placeholder = e.g. Which laptop is it: the asset tag on its underside?

## errors

errors-unexpected-some = Sorry, something went wrong on our side with ticket { $ticket }. Nothing was lost; please try again in a moment, and tell the help desk about { $ticket } if it keeps happening.
errors-unexpected-none = Sorry, something went wrong on our side. Please try again in a moment.
errors-busy = Someone changed this ticket at the same moment. Please try again.

## commands

commands-ticket = Report an IT problem to the help desk
commands-ticket-summary = What's wrong, in one line
commands-ticket-category = The kind of problem
commands-mytickets = Your tickets and their status
commands-queue = Open tickets, by priority then due time (staff)
commands-queue-status = Only tickets with this status
commands-queue-level = Only tickets at this support level
commands-queue-assignee = Only tickets held by this technician
commands-queue-unassigned = Only tickets nobody holds
commands-queue-category = Only tickets in this category
commands-escalate = Pass a ticket to a higher support level
commands-escalate-level = The level to escalate to (default: the next one)
commands-escalate-reason = Why it needs that level
commands-assign = Give a ticket to a technician (coordinators)
commands-assign-technician = The technician who takes it
commands-assign-reason = Why (optional)
commands-reply = Send a message to the ticket's requester by DM (in a ticket thread)
commands-reply-text = What to tell the requester
commands-ask = Ask the requester a question by DM and wait for the answer (in a ticket thread)
commands-ask-question = What you need to know
commands-desk = Help desk staff tools
commands-desk-show = A ticket's full history
commands-desk-note = Add an internal note to a ticket
commands-desk-note-text = The note (never shown to the requester)
commands-desk-watch = Get a DM about every change to a ticket
commands-desk-priority = Override a ticket's priority (coordinators)
commands-desk-priority-value = The new priority
commands-desk-priority-reason = Why the matrix priority is wrong
commands-desk-cancel = Cancel a ticket (coordinators)
commands-desk-cancel-reason = Why it is cancelled
commands-desk-link = Link a ticket to a parent incident; resolving the parent resolves it
commands-desk-link-parent = The parent incident's ticket number
commands-ticket-number = Ticket number, e.g. 42

## refusals

refusals-database-unavailable = The help desk can't reach its database right now; try again in a minute.
refusals-not-the-triage-message = This button isn't on the triage message of { $ticket }, so it does nothing here. Use the buttons on that message.
refusals-not-the-requesters-dm = Only the person who reported { $ticket } can answer this, from the bot's DM to them.

## assign

assign-duty = Say whether you are working, so tickets can be suggested for you (technicians)
assign-duty-on = You are working: tickets may be suggested for you
assign-duty-off = You are not working: no tickets are suggested for you
assign-desk-skills = Set a technician's skills and level, for assignment suggestions (coordinators)
assign-desk-skills-technician = The technician
assign-desk-skills-skills = Category keys, comma-separated, e.g. network, printing
assign-desk-skills-level = Their support level (default: unchanged)
assign-technician-optional = The technician who takes it; leave out to get a suggestion
assign-confirm = Confirm
assign-refusal-not-coordinator = Only coordinators can do that. Nothing was changed.
assign-refusal-not-technician = <@{ $user }> is not a technician: they hold no technician role and are not listed under [[technicians]] in the help desk file. Nothing was changed.
assign-refusal-not-technician-self = Only technicians go on or off duty. Nothing was changed.
assign-refusal-unknown-skills = Name at least one skill: category keys separated by commas, from { $known }. Nothing was changed.
assign-refusal-unknown-skills-2 = { $unknown } { $count ->
        [one] is
       *[other] are
    } not a category key. Skills are category keys, separated by commas: { $known }. Nothing was changed.
assign-refusal-stale = { $ticket } has changed since this suggestion, so it was not assigned. Run `/assign` again for a fresh one.
assign-refusal-suggestion-changed = Who is on duty or how busy they are has changed since this suggestion, so { $ticket } was not assigned. Run `/assign` again for a fresh one.
assign-suggested = {"*"}*{ $ticket }** ({ $category }, level { $level }, { $priority }): I suggest { $who }.
assign-load = load { $load } ({ $active } active { $active ->
        [one] ticket
       *[other] tickets
    })
assign-why = Why: { $duty }, skilled in { $category }, level { $level }, { $load }: { $comparison }.
assign-only-one = the only one who qualifies
assign-lightest = the lightest load of those who qualify
assign-tie-won = tied on load, and the tie goes to the lower level, then fewer active tickets
assign-passed-over = Passed over:
assign-holds = already holds it
assign-no-skill = not skilled in { $category }
assign-level-too-low = level { $level }, the ticket needs { $needed }
assign-busier = busier, { $load }
assign-lost-tie = same { $load }, level { $level }: lost the tie
assign-item = - { $who }: { $why }
assign-confirm-hint = Confirm to assign: the reason is recorded, and the technician and the requester are told.
assign-nobody = Nobody qualifies for **{ $ticket }** ({ $category }, level { $level }):
assign-nobody-hint = To give it to someone anyway: `/assign ticket:{ $number } technician:@…`.
assign-no-technicians = Nobody can be suggested for **{ $ticket }**: no technicians are set up. List them under [[technicians]] in the help desk file, or give one skills with `/desk skills`.
assign-confirmed = { $ticket } is assigned to { $who }, as suggested; the reason is in its history.
assign-skills-set = { $who } now has the skills { $skills } at level { $level }. This replaces what the help desk file says for them.
assign-on-duty = You are on duty: tickets in { $skills } at level { $level } or below may be suggested for you.
assign-on-duty-without-skills = You are on duty, but you have no skills on record, so no ticket will be suggested for you: ask a coordinator for `/desk skills`.
assign-off-duty = You are off duty: no tickets will be suggested for you.
assign-until = {" "}Your shift schedule decides again from { $when }.

## kb

kb-command = The knowledge base: search it, or write and look after articles (technicians, coordinators)
kb-search = Find the articles that match what you type
kb-query-option = What the problem looks like, in a few words
kb-new = Write a new article
kb-edit = Edit an article
kb-retire = Retire an article: it is kept on record but no longer found or offered
kb-list = List the articles, of one category if you like
kb-list-category = Only this category
kb-promote = Write an article from a closed ticket's resolution
kb-article-option = The article's number (see /kb list)
kb-new-title = New article
kb-edit-title = Edit article { $id }
kb-promote-title = Article from { $ticket }
kb-title-label = Title
kb-symptoms-label = Symptoms: what the person sees
kb-steps-label = Steps: what fixes it
kb-category-label = Category
kb-tags-label = Tags, separated by commas (optional)
kb-category-placeholder = One of: { $keys }
kb-created = Article **{ $id }** saved: { $title }. Requesters will be offered it when their words match.
kb-edited = Article **{ $id }** updated: { $title }.
kb-retired = Article **{ $id }** retired: { $title }. It is kept on record but no longer found or offered.
kb-results = Articles matching “{ $query }”, best first:
kb-no-results = No article matches “{ $query }”. Try other words, or open a ticket with `/ticket`.
kb-list-title = Knowledge base
kb-list-empty = There are no articles yet. Technicians write them with `/kb new` or `/kb promote`.
kb-article-name = { $id } · { $title }
kb-list-line = {"*"}*{ $id }** · { $title } ({ $category })
kb-refusal-not-staff = Only technicians and coordinators can write, edit or retire articles. To find one, use `/kb search`.
kb-refusal-no-such-article = There is no article { $id }. `/kb list` shows them.
kb-refusal-retired = Article { $id } is retired, so it cannot be changed.
kb-refusal-empty-query = Type a few words about the problem to search for, e.g. `vpn disconnects`.
kb-refusal-not-closed = { $ticket } is not closed yet: only closed tickets can become articles.
kb-problem-no-title = The article needs a title.
kb-problem-title-too-long = The title can be at most { $TITLE_MAX_CHARS } characters.
kb-problem-no-symptoms = Say what the person sees (the symptoms).
kb-problem-symptoms-too-long = The symptoms can be at most { $SYMPTOMS_MAX_CHARS } characters.
kb-problem-no-steps = Say what fixes it (the steps).
kb-problem-steps-too-long = The steps can be at most { $STEPS_MAX_CHARS } characters.
kb-problem-unknown-category = That category is not one of the help desk's. Nothing was saved; try again with one of them.
kb-problem-too-many-tags = Give at most 10 tags.
kb-offered-intro = These help articles match what you wrote. If one fixes it, press **This fixed it**; otherwise press **Not this** or **Submit**.
kb-this-fixed-it = This fixed it ({ $n })
kb-not-this = Not this
kb-hint-title = Hint: this may have been seen before
kb-hint-tickets = Similar closed tickets
kb-hint-ticket-some = {"*"}*{ $ticket }** ({ $code }): { $notes }
kb-hint-ticket-none = {"*"}*{ $ticket }**: { $notes }
kb-hint-articles = Matching articles
kb-hint-article = {"*"}*{ $id }** · { $title } (`/kb search` to read it)

## incident

incident-link-description = Make a ticket part of a major incident (it leaves the queue and is resolved with it)
incident-unlink-description = Detach a ticket from its incident: it is ordinary work again
incident-parent-option = The incident's ticket number (the parent)
incident-reason-option = Why, for the audit trail (optional)
incident-linked = { $child } is now part of incident { $parent }: it left the queue, its requester hears of { $parent }'s progress, and it is resolved with { $parent }.
incident-unlinked = { $child } left its incident: it is back in the queue as an ordinary ticket.
incident-child-joined = { $child } from { $requester } joined this incident
incident-child-left = { $child } left this incident and is handled on its own
incident-field = Incident
incident-part-of = Part of **{ $parent }**
incident-affected = {"*"}*+{ $count } affected**
incident-queue-part-of = {" "}· ↳ part of { $parent }
incident-queue-affected = {" "}· +{ $count } affected
incident-known-problem =
    This looks like a known problem: **{ $ticket }** { $summary }
    The help desk is already working on it. Add yourself to it and you will hear of its progress and its fix, without waiting for a ticket of your own.
incident-add-me = Add me to it
incident-not-this = Not this
incident-joined = You're on it: your ticket **{ $ticket }** is part of **{ $parent }**. You'll hear of its progress here, and when it is fixed you can tell us whether it is fixed for you too.
incident-refusal-not-staff = Only help desk staff can link tickets to an incident.
incident-refusal-to-itself = { $ticket } can't be part of itself: choose another ticket as the incident.
incident-refusal-other-guild = Those tickets belong to different organisations, so they can't be linked.
incident-refusal-cycle = { $parent } is already part of { $child }, so { $child } can't be part of { $parent }: that would make a loop. Unlink { $parent } first if you mean to turn it around.
incident-refusal-parent-is-child = { $parent } is itself part of incident { $of }; incidents are one level deep. Link to { $of } instead.
incident-refusal-has-children = { $child } is an incident with { $count } ticket(s) of its own, so it can't become part of another. Unlink its tickets first.
incident-refusal-parent-not-active = { $parent } is { $status }: only an open incident can take tickets.
incident-refusal-child-not-active = { $child } is { $status }: only open tickets can join an incident.
incident-refusal-already-linked = { $child } is already part of { $parent }.
incident-refusal-not-linked = { $ticket } is not part of any incident.

## stats

stats-command = The help desk's figures and charts over a period (coordinators)
stats-days-option = How many days back from now (default 30)
stats-technician-option = Only this technician's tickets
stats-faq = The most frequent problems over a period, to decide which articles to write (coordinators)
stats-faq-days-option = How many days back from now (default 90)
stats-title-some = Help desk figures: last { $days } days, tickets of { $t }
stats-title-none = Help desk figures: last { $days } days
stats-summary = {"*"}*{ $opened }** opened · **{ $resolved }** resolved · **{ $backlog }** open now
stats-backlog = Backlog (open now)
stats-first-response = First response
stats-resolution = Resolution
stats-spread-some =
    median { $median } · p90 { $p90 }
    { $count } tickets
stats-spread-none = no tickets yet
stats-sla = SLA compliance
stats-sla-value-some =
    { $p }%
    { $met } of { $resolved } resolved on time
stats-sla-value-none = nothing resolved
stats-satisfaction = Satisfaction
stats-satisfaction-value-some =
    { $a } / 5
    { $rated } ratings ({ $r }% answered)
stats-satisfaction-value-some-2 = no ratings yet
stats-deflections = Self-service
stats-deflections-value-some =
    { $n } solved by an article
    ({ $r }% of problems brought)
stats-deflections-value-some-2 = { $n } solved by an article
stats-technicians = Technicians (open · resolved · satisfaction)
stats-technician-line-some = { $who }: { $open } · { $closures } · { $s }
stats-technician-line-none = { $who }: { $open } · { $closures } · –
stats-none = none
stats-categories = Top categories (opened)
stats-footer = Resolved = work finished in the period; SLA met = neither target breached. Percentiles are nearest-rank.
stats-chart-unavailable = The chart could not be drawn this time; the figures are complete.
stats-faq-title = Most frequent problems: last { $days } days
stats-faq-empty = No ticket was resolved in the last { $days } days: nothing to group yet.
stats-faq-group = { $category } · { $count } tickets
stats-faq-examples = Seen as
stats-faq-resolution = Most common resolution: { $code } ({ $count })
stats-faq-article = Article **{ $id }**: { $title }
stats-faq-no-article = No article yet: worth writing one (`/kb new`, or `/kb promote` a ticket).

## labels used inside other messages

sla-clock-first-response = first response
sla-clock-resolution = resolution
history-kind-created = opened
history-kind-claimed = claimed
history-kind-assigned = assigned
history-kind-escalated = escalated
history-kind-waiting = waiting on requester
history-kind-resumed = resumed
history-kind-resolved = resolved
history-kind-confirmed = confirmed fixed
history-kind-reopened = reopened
history-kind-cancelled = cancelled
history-kind-closed = closed
history-kind-priority-changed = priority changed
history-kind-rated = rated
history-kind-note = internal note
history-kind-reply = reply to requester
history-kind-requester-message = requester wrote
history-kind-delivery-failed = DM not delivered
history-kind-watch-started = started watching
history-kind-sla-warning = SLA warning
history-kind-sla-breached = SLA breached
history-kind-waiting-reminded = requester reminded
history-kind-rating-comment = rating comment
history-kind-linked = linked to an incident
history-kind-unlinked = unlinked from its incident
assign-duty-said-on = on duty
assign-duty-in-shift = on shift
assign-duty-said-off = off duty (said /duty off)
assign-duty-out-of-shift = off duty (outside their shift)
assign-duty-never-on = off duty (no shift, and no /duty on)
buttons-rating-1 = Very poor
buttons-rating-2 = Poor
buttons-rating-3 = OK
buttons-rating-4 = Good
buttons-rating-5 = Excellent

## How domain values read

status-intake = Intake
status-open = Open
status-in-progress = In progress
status-waiting-on-requester = Waiting on requester
status-resolved = Resolved
status-closed = Closed
status-cancelled = Cancelled
impact-individual = Just me
impact-team = My team
impact-organisation = The whole organisation
urgency-low = Low
urgency-medium = Medium
urgency-high = High
resolution-fixed = Fixed
resolution-workaround = Workaround
resolution-duplicate = Duplicate
resolution-not-reproducible = Not reproducible
resolution-user-error = User error
resolution-no-response = No response

## The steps every intake asks

prompt-summary = In one line, what is the problem?
prompt-summary-label = Summary (one line)
prompt-summary-hint = e.g. Laptop does not start after the update
prompt-category = Which kind of problem is it?
prompt-description = Describe what happens, what you expected, and what you already tried.
prompt-description-label = What happens?
prompt-description-hint = Error messages help. Never send passwords: we will never ask for them.
prompt-impact = Who is affected?
prompt-urgency = How urgent is it?
prompt-urgency-hint = High: you or others cannot work. Medium: work is hampered. Low: it can wait.
field-summary = Summary
field-category = Category
field-description = Description
field-impact = Who is affected
field-urgency = Urgency

## Why an intake answer was not accepted

problem-empty = Please type an answer (or `cancel` to stop).
problem-required = This one cannot be skipped: please answer it (or type `cancel` to stop).
problem-too-long = That is { $got } characters; the limit is { $max }. Please shorten it.
problem-not-one-line = Please keep the summary to one line.
problem-no-match-hint = That does not look right. { $hint }
problem-no-match = That does not look right; please check it.
problem-not-a-choice = Please choose one of: { $choices } (the text or its number).
problem-nothing-before = This is the first question; there is nothing to go back to.
problem-at-review = Reply `submit` to open the ticket, `edit` and a number to change an answer, or `cancel`.
problem-unknown-item = Which answer do you want to change? Reply `edit` and its number: { $items }.
problem-incomplete = Not everything is answered yet: “{ $missing }” still needs an answer.
problem-cancelled = This request was cancelled; send a new message to start again.
problem-in-answer = { $question }: { $problem }

## Why the ticket rules refused a change

refusal-not-allowed = Only { $who } can { $action } { $ticket }.
refusal-level-required = Only technicians at level { $level } or above can { $action } { $ticket }.
refusal-wrong-status = You can't { $action } { $ticket }: it is { $status }.
refusal-already-claimed = { $ticket } is already claimed by { $by }.
refusal-claimed-cannot-cancel = { $ticket } is already claimed by { $by }; ask them or a coordinator to cancel it.
refusal-already-assigned = { $ticket } is already assigned to { $technician }.
refusal-not-at-level = { $technician } does not work at level { $level }.
refusal-top-level = { $ticket } is already at level 3, the highest.
refusal-not-higher = { $ticket } is already at level { $current }; choose a higher level.
refusal-reason-too-short = Give a reason of at least { $min } characters.
refusal-notes-too-short = Resolution notes need at least { $min } characters: say what was wrong and what fixed it.
refusal-same-priority = { $ticket } is already { $priority }.
refusal-score-out-of-range = A rating is a whole number from 1 to 5.
refusal-already-rated = { $ticket } has already been rated.
refusal-not-rated-yet = { $ticket } has no rating to comment on yet.
refusal-who-coordinators = coordinators
refusal-who-technicians = technicians
refusal-who-the-requester = the requester
refusal-who-the-requester-or-a-coordinator = the requester or a coordinator
refusal-who-the-assignee-or-a-coordinator = the assignee or a coordinator
refusal-who-the-requester-the-assignee-or-a-coordinator = the requester, the assignee or a coordinator
refusal-action-submit = submit
refusal-action-claim = claim
refusal-action-assign = assign
refusal-action-escalate = escalate
refusal-action-pause = pause
refusal-action-resume = resume
refusal-action-resolve = resolve
refusal-action-confirm = confirm
refusal-action-reopen = reopen
refusal-action-cancel = cancel
refusal-action-close = close
refusal-action-change-the-priority-of = change the priority of
refusal-action-rate = rate
refusal-action-comment-on-the-rating-of = comment on the rating of

## Slash command and option names as Discord shows them in each language: lowercase, no spaces, at
## most 32 characters (letters, digits, - and _). People type these after the slash.

name-ticket = ticket
name-mytickets = mytickets
name-queue = queue
name-escalate = escalate
name-assign = assign
name-reply = reply
name-ask = ask
name-desk = desk
name-duty = duty
name-kb = kb
name-stats = stats
name-faq = faq
name-language = language
name-summary = summary
name-category = category
name-status = status
name-level = level
name-assignee = assignee
name-unassigned = unassigned
name-reason = reason
name-technician = technician
name-text = text
name-question = question
name-value = value
name-parent = parent
name-skills = skills
name-query = query
name-article = article
name-days = days
name-show = show
name-note = note
name-watch = watch
name-priority = priority
name-cancel = cancel
name-link = link
name-unlink = unlink
name-search = search
name-new = new
name-edit = edit
name-retire = retire
name-list = list
name-promote = promote
name-on = on
name-off = off

## /language

commands-language = Choose the language deskbot writes to you in
commands-language-option = Your language
language-set = From now on I'll write to you in English.
commands-level-choice = Level { $level }

## Why a note, reply, question, rating comment or watch was not taken

declined-not-staff-note = Only help desk staff can add notes.
declined-empty-question = Write the question for the requester.
declined-already-commented = You have already commented on this rating. Thank you!
declined-not-staff-reply = Only help desk staff can reply to the requester.
declined-not-your-ticket = { $ticket } is not your ticket.
declined-not-staff-watch = Only help desk staff can watch other people's tickets.
declined-empty-message = The message is empty.

## The words drawn on the /stats chart (dates are drawn as day/month)

stats-chart-flow-title = Tickets opened and closed per day
stats-chart-tickets = tickets
stats-chart-opened = opened
stats-chart-closed = closed
stats-chart-sla-title = SLA compliance per week (% of tickets resolved)
stats-chart-week-of = week of

## The storm summary: one message in a triage channel listing the new tickets still waiting for
## their own post.
storm-headline = **{ $count } new:**
storm-more = , … and { $count } more
storm-explain = -# Each gets its own post as the channel allows; pick one below to claim it now.
storm-pick-placeholder = Open or claim one…
storm-caught-up = ✅ Every new ticket has its own post now.
storm-claimed = You claimed { $ticket }; its own post follows here as the channel allows.
storm-not-in-triage = This list works only in a triage channel.
