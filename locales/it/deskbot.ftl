
## buttons

buttons-claim = Prendi in carico
buttons-escalate = Scala
buttons-resolve = Risolvi
buttons-ask = Chiedi al richiedente
buttons-add-comment = Aggiungi un commento
buttons-fixed = Risolto
buttons-still-broken = Non funziona ancora
buttons-cancel-ticket = Annulla { $ticket }
buttons-previous-page = Indietro
buttons-next-page = Avanti
buttons-submit = Invia
buttons-edit = Modifica
buttons-cancel = Annulla
buttons-skip = Salta
buttons-answer = Rispondi
buttons-rating-placeholder = Come ce la siamo cavata? Dai un voto da 1 a 5
buttons-rating = { $stars } { $score } · { $words }
buttons-category-placeholder = Scegli la categoria più adatta
buttons-choice-placeholder = Scegline una
buttons-edit-placeholder = Scegli la risposta da cambiare

## requester

requester-opened =
    Il tuo ticket **{ $ticket }** è aperto: { $summary }
    Un tecnico lo prenderà in carico a breve. Ti aggiornerò qui a ogni cambiamento.
requester-claimed = { $by } sta ora lavorando al tuo ticket **{ $ticket }** ({ $summary }).
requester-assigned = Il tuo ticket **{ $ticket }** ({ $summary }) è stato assegnato a { $to }.
requester-escalated =
    Il tuo ticket **{ $ticket }** ({ $summary }) è passato al supporto di livello { $level }, che da ora se ne occuperà.
    Motivo: { $reason }
requester-waiting-some =
    Il tuo ticket **{ $ticket }** ({ $summary }) è in attesa di una tua risposta. Scrivila qui e la inoltrerò. Il tecnico chiede:
    >>> { $note }
requester-waiting-none = Il tuo ticket **{ $ticket }** ({ $summary }) è in attesa di una tua risposta: il tecnico ha bisogno di altre informazioni. Rispondi qui.
requester-waiting-reminder = Promemoria: il tuo ticket **{ $ticket }** ({ $summary }) è ancora in attesa di una tua risposta. Scrivila qui; altrimenti verrà risolto come «nessuna risposta» tra { $resolve_in }.
requester-waiting-reminder-some =
    { $head } Il tecnico ha chiesto:
    >>> { $note }
requester-resumed = Il lavoro sul tuo ticket **{ $ticket }** ({ $summary }) è ripreso.
requester-resolved =
    Il tuo ticket **{ $ticket }** ({ $summary }) è stato risolto: { $code }.
    Il problema è risolto? Premi **Risolto** o **Non funziona ancora** qui sotto.
    {"*"}*Cosa è stato fatto:**
    { $notes }
requester-reopened = Il tuo ticket **{ $ticket }** ({ $summary }) è di nuovo aperto: ci stiamo lavorando di nuovo.
requester-closed = Il tuo ticket **{ $ticket }** ({ $summary }) è chiuso. Come ce la siamo cavata? Valuta il servizio qui sotto.
requester-cancelled-some =
    Il tuo ticket **{ $ticket }** ({ $summary }) è stato annullato.
    Motivo: { $reason }
requester-cancelled-none = Il tuo ticket **{ $ticket }** ({ $summary }) è stato annullato.
requester-priority-changed =
    La priorità del tuo ticket **{ $ticket }** ({ $summary }) ora è **{ $priority }**.
    Motivo: { $reason }
requester-reply =
    { $from } sul tuo ticket **{ $ticket }**:
    >>> { $text }
requester-thanks-for-confirming = Grazie! Il ticket **{ $ticket }** è chiuso.
requester-reopened-by-you = Ci dispiace che non funzioni ancora. Il ticket **{ $ticket }** è di nuovo aperto e il tecnico è stato avvisato.
requester-thanks-for-rating = Grazie per aver dato { $score }/5 al ticket **{ $ticket }**. Vuoi aggiungere qualcosa? Ci aiuta a migliorare.
requester-thanks-for-comment = Grazie per aver dato { $score }/5 al ticket **{ $ticket }** e per il tuo commento.
requester-message-relayed = Aggiunto al ticket **{ $ticket }**. Il tecnico lo vedrà.
requester-which-ticket = Hai diversi ticket aperti ({ $tickets }). Inizia il messaggio con il numero, ad es. `#42 ...`.
requester-other-tickets-hint = Per scrivere riguardo a un altro dei tuoi ticket ({ $others }), inizia il messaggio con il suo numero, ad es. `{ $example } ...`.
requester-new-problem-hint = Per segnalare un nuovo problema, invia `new`.
requester-not-an-open-ticket = {"*"}*{ $ticket }** non è uno dei tuoi ticket aperti ({ $yours }). Inizia il messaggio con uno di quei numeri, oppure invia `new` per segnalare un nuovo problema.
requester-cancelled-by-you = Il ticket **{ $ticket }** è annullato.
requester-my-tickets-title = I tuoi ticket
requester-my-tickets-empty = Non hai ticket. Usa `/ticket` o mandami un messaggio diretto per segnalare un problema.

## staff

staff-opened = aperto: { $summary }
staff-claimed = preso in carico da { $by }
staff-assigned = assegnato a { $to }
staff-escalated = scalato al livello { $level }: { $reason }
staff-waiting-some = in attesa del richiedente: { $note }
staff-waiting-none = in attesa del richiedente
staff-resumed = lavoro ripreso
staff-resolved = risolto ({ $code }): { $notes }
staff-reopened = riaperto: il richiedente dice che non funziona ancora
staff-closed = chiuso
staff-cancelled-some = annullato: { $reason }
staff-cancelled-none = annullato
staff-priority-changed = priorità cambiata in { $priority }: { $reason }
staff-replied = { $from } ha risposto al richiedente: { $text }
staff-waiting-reminded = il richiedente non ha ancora risposto; gli è stato inviato un promemoria
staff-about = {"*"}*{ $ticket }** { $line }
staff-to-watcher = Ticket **{ $ticket }** ({ $summary }), che segui: { $line }
staff-assigned-to-you = {"\u000A"}Perché tu: { $r }.
staff-assigned-to-you-2 = Ti è stato assegnato il ticket **{ $ticket }** ({ $summary }). Lavoraci nel suo thread del canale di triage; lì `/rispondi` raggiunge il richiedente.{ $why }
staff-reassigned-from-you = Il ticket **{ $ticket }** ({ $summary }) è stato riassegnato a { $to }; non è più tuo.
staff-to-assignee = Ticket **{ $ticket }** ({ $summary }), assegnato a te: { $line }

## thread

thread-requester-message =
    { $who } (richiedente) ha scritto:
    >>> { $text }
thread-level-ping = { $role } il ticket **{ $ticket }** richiede il livello { $level }. Prendilo in carico dal messaggio qui sopra.
thread-dms-closed = Impossibile inviare un messaggio diretto a { $who }: ha i messaggi diretti disattivati. Avvisalo qui o in un altro modo.
thread-delivery-failed = Impossibile inviare un messaggio diretto a { $who } ({ $reason }). Avvisalo qui o in un altro modo.
thread-opening = Questo thread è lo spazio di lavoro del ticket. I messaggi qui sono note interne, mai mostrate al richiedente; usa `/rispondi` per scrivergli.
thread-reply-sent = Inviato a { $who } tramite messaggio diretto.
thread-note-recorded = Nota registrata (non visibile al richiedente).

## digest

digest-title = 📋 Riepilogo dell'help desk, { $day }
digest-summary =
    {"*"}*{ $open }** aperti · **{ $unassigned }** non assegnati · **{ $breached }** con SLA violato
    Ultime 24 h: { $opened } aperti, { $resolved } risolti.
digest-quiet = Nessun ticket aperto. Una giornata tranquilla.
digest-by-priority = Per priorità
digest-by-level = Per livello
digest-oldest = Aperti da più tempo
digest-count-line = { $unassigned } non assegnati
digest-count-line-2 = { $breached } con SLA violato
digest-count-line-3 = { $name }: { $open }
digest-count-line-4 = { $name }: { $open } ({ $extra })
digest-oldest-line =
    {"*"}*{ $ticket }** · { $priority } · { $status } · { $holder } · aperto { $opened }
    { $summary }
digest-nobody = non assegnato

## sla

sla-late-0 = { $secs } s
sla-late-0-2 = { $m } min
sla-late-0-3 = { $h } h
sla-late-0-4 = { $h } h { $m } min
sla-late-0-5 = { $d } g
sla-late-0-6 = { $d } g { $h } h
sla-low-rating = 👎 **{ $ticket }** ({ $summary }) ha ricevuto una valutazione di **{ $score }/5** dal richiedente; gestito da { $holder }.
sla-low-rating-some =
    { $head }
    Il suo commento:
    >>> { $comment }
sla-opened = 🚨 **{ $priority }** aperto: **{ $ticket }** ({ $summary }), segnalato da { $requester }.
sla-nobody = nessuno (coda di livello { $level })
sla-warning = { $who } ⏳ **{ $ticket }** sta per esaurire il tempo dello SLA: la scadenza per la { $clock } è { $when }.
sla-breached-in-thread = { $who } ⚠️ **{ $ticket }** ha violato lo SLA: la { $clock } è in ritardo di { $late }. I coordinatori sono stati avvisati.
sla-alert = 🚨 SLA violato: **{ $ticket }** ({ $summary }): la { $clock } è in ritardo di { $late }. In carico a { $holder }; ora al livello { $level }.
sla-breached-line = ha violato lo SLA: la { $clock } è in ritardo di { $late } ed è stato scalato
sla-requester-escalated = Il tuo ticket **{ $ticket }** ({ $summary }) sta richiedendo più tempo del previsto, quindi è stato segnalato ai coordinatori dell'help desk, che lo stanno seguendo.

## triage

triage-requester = Richiedente
triage-category = Categoria
triage-priority = Priorità
triage-level = Livello
triage-status = Stato
triage-assignee = Assegnatario
triage-unassigned = Non assegnato
triage-first-response-due = Scadenza prima risposta
triage-resolution-due = Scadenza risoluzione
triage-responded = ✅ risposto { $when }
triage-breached = ⚠️ **violato** { $when }
triage-nearly-breached = ⏳ { $when }
triage-paused = ⏸️ in pausa (in attesa del richiedente) { $when }
triage-not-set = —
triage-resolution = Risoluzione
triage-skipped = {"*"}saltata*
triage-more-answers-name = Altre risposte
triage-more-answers = Altre { $count } non mostrate qui; vedi `/helpdesk mostra`.
triage-priority-value = {"*"}*{ $priority }** (impostata da un coordinatore)
triage-priority-value-2 = {"*"}*{ $priority }** · { $impact } × { $urgency }
triage-level-value = L{ $level }

## queue

queue-title = Coda
queue-title-filtered = Coda · { $filters }
queue-empty = Non c'è niente. 🎉
queue-page = Pagina { $page } di { $pages } · { $total } { $total ->
        [one] ticket
       *[other] ticket
    } · per priorità, poi per scadenza
queue-unassigned = non assegnato
queue-nobody = nessuno
queue-due = scade { $when }
queue-filter-status = stato: { $status }
queue-filter-level = livello: L{ $level }
queue-filter-assignee = assegnatario: { $who }
queue-filter-category = categoria: { $category }

## history

history-title = Cronologia di { $ticket } · { $summary }
history-empty = Nessun evento registrato.
history-earlier-not-shown = … { $count } eventi precedenti non mostrati
history-line = { $when } · { $who } · **{ $what }**
history-line-2 = {" "}({ $change })
history-line-3 = : { $note }
history-change = { $from } → { $to }
history-system = deskbot

## replies

replies-only-technicians-claim = Solo i tecnici possono prendere in carico i ticket.
replies-only-technicians = Solo i tecnici possono farlo.
replies-only-coordinators = Solo i coordinatori possono farlo.
replies-only-requester = Solo chi ha aperto questo ticket può farlo.
replies-level-too-low = Questo ticket è al livello { $level }; solo i tecnici di livello { $level } o superiore possono prenderlo in carico.
replies-already-claimed = { $ticket } è già in carico a { $by }.
replies-claimed = Hai preso in carico { $ticket }.
replies-assigned = { $ticket } è assegnato a { $to }.
replies-escalated = { $ticket } è stato scalato al livello { $level }.
replies-resolved = { $ticket } è risolto; al richiedente è stato chiesto di confermare.
replies-asked = La tua domanda è stata inviata al richiedente di { $ticket }. Il ticket resta in attesa della sua risposta e il conteggio dello SLA è in pausa; la risposta comparirà nel thread del ticket.
replies-cancelled = { $ticket } è annullato.
replies-priority-set = { $ticket } ora è { $priority }.
replies-watching = Riceverai un messaggio diretto a ogni cambiamento di { $ticket }.
replies-already-watching = Segui già { $ticket }.
replies-note-added = Nota aggiunta a { $ticket }.
replies-reply-sent = Inviato al richiedente di { $ticket }.
replies-linked = { $ticket } è collegato a { $parent }; risolvendo { $parent } si risolve anche questo.
replies-not-in-a-ticket-thread = Usalo nel thread di un ticket.
replies-no-such-ticket = Il ticket { $ticket } non esiste.
replies-bad-ticket-number = `{ $text }` non è un numero di ticket; usa ad es. `42` o `#42`.
replies-highest-level = Questo ticket è già al livello 3, il più alto.
replies-queue-restarted = Non è stato possibile ritrovare quella pagina, quindi ecco la prima.
replies-expired-button = Questo pulsante non funziona più. Usa `/imieiticket` o `/coda` per vedere lo stato attuale.
replies-text-too-short = Il campo { $what } deve contenere almeno { $min } caratteri.
replies-unknown-resolution-code = Codice di risoluzione sconosciuto. Usane uno tra: { $codes }.
replies-not-here = Questo comando funziona solo nel server dell'help desk.

## intake

intake-welcome = Ciao! Sono l'help desk IT. Facciamo arrivare il tuo problema al tecnico giusto. Quale categoria è la più adatta?
intake-suggested-category = Sembra un problema di tipo **{ $category }**. Sceglilo qui sotto, oppure scegli un'altra categoria.
intake-question =
    {"*"}*Domanda { $step } di { $total }**
    { $question }{ $hint }
intake-greeting = Ciao! Sono l'help desk IT. Facciamo arrivare il tuo problema al tecnico giusto.
intake-question-open =
    {"*"}*Domanda { $step }**
    { $question }{ $hint }
intake-hint = {"*"}{ $hint }*
intake-suggested-choice = Suggerimento: **{ $choice }** (rispondi `ok` per accettarlo, oppure scegline un altro).
intake-current-answer =
    La tua risposta finora: { $answer }
    Scrivi la nuova risposta.
intake-ended = Questa richiesta è già conclusa (inviata, annullata o scaduta). Scrivimi in privato o usa `/ticket` per iniziarne una nuova.
intake-already-answered = Hai già risposto a questa domanda. Rispondi `indietro` per cambiare la risposta precedente.
intake-edit-prompt = Quale risposta vuoi cambiare?
intake-how-to-stop = Rispondi `indietro` per cambiare l'ultima risposta, oppure `annulla` per interrompere.
intake-invalid-answer = ⚠️ { $why }
intake-never-send-passwords = 🔒 Non inviare mai password. Nessuno dell'help desk te ne chiederà mai una.
intake-secret-masked = 🔒 Parte della tua risposta sembrava una password o una chiave segreta, quindi l'ho oscurata. Non inviare mai password: nessuno dell'help desk te ne chiederà mai una.
intake-review-title = Riepilogo: { $summary }
intake-review-hint = Controlla i dettagli, poi premi **Invia**. **Modifica** ti fa ripercorrere le domande.
intake-review-priority = Priorità { $priority }
intake-submitted = Il ticket **{ $ticket }** è aperto. Un tecnico lo prenderà in carico a breve; ti aggiornerò in privato a ogni cambiamento.
intake-self-served = Bene, problema risolto! Non è stato aperto nessun ticket.
intake-cancelled = Annullato. Non è stato inviato nulla. Scrivimi di nuovo quando ti serve aiuto.
intake-reminder = La tua richiesta all'help desk non è ancora completa. Rispondi all'ultima domanda per continuare, oppure rispondi `annulla`.
intake-expired = La tua richiesta all'help desk non completata è scaduta. Scrivimi di nuovo quando ti serve aiuto.
intake-modal-title = Nuovo ticket · { $category }
intake-modal-title-general = Nuovo ticket per l'help desk
intake-answer-modal-title = La tua risposta
intake-summary-label = Oggetto
intake-summary-placeholder = Qual è il problema, in una riga

## modals

modals-escalate-title = Scala { $ticket }
modals-escalate-reason-label = Perché serve il livello successivo?
modals-escalate-reason-placeholder = Cosa hai provato e cosa dovrebbe verificare il livello successivo
modals-resolve-title = Risolvi { $ticket }
modals-resolve-notes-label = Note di risoluzione
modals-resolve-notes-placeholder = Qual era il problema e cosa l'ha risolto (il richiedente lo vedrà)
modals-resolve-code-label = Codice di risoluzione
modals-resolve-code-placeholder = Uno tra: { $codes }
modals-reopen-title = { $ticket } non funziona ancora
modals-reopen-note-label = Cosa non va ancora? (facoltativo)
modals-comment-title = La tua valutazione di { $ticket }
modals-comment-label = Cosa è andato bene o cosa si può migliorare?
modals-ask-title = Chiedi al richiedente di { $ticket }
modals-ask-question-label = La tua domanda (gli arriva in privato)
modals-ask-question-placeholder = ad es. Quale portatile è: l'etichetta inventario sul lato inferiore?

## errors

errors-unexpected-some = Spiacenti, qualcosa è andato storto da parte nostra con il ticket { $ticket }. Non è andato perso nulla; riprova tra un momento e, se continua a succedere, segnala { $ticket } all'help desk.
errors-unexpected-none = Spiacenti, qualcosa è andato storto da parte nostra. Riprova tra un momento.
errors-busy = Qualcun altro ha modificato questo ticket nello stesso momento. Riprova.

## commands

commands-ticket = Segnala un problema informatico all'help desk
commands-ticket-summary = Qual è il problema, in una riga
commands-ticket-category = Il tipo di problema
commands-mytickets = I tuoi ticket e il loro stato
commands-queue = Ticket aperti, per priorità e poi per scadenza (staff)
commands-queue-status = Solo i ticket con questo stato
commands-queue-level = Solo i ticket a questo livello di supporto
commands-queue-assignee = Solo i ticket in carico a questo tecnico
commands-queue-unassigned = Solo i ticket non in carico a nessuno
commands-queue-category = Solo i ticket di questa categoria
commands-escalate = Passa un ticket a un livello di supporto superiore
commands-escalate-level = Il livello a cui scalare (predefinito: il successivo)
commands-escalate-reason = Perché serve quel livello
commands-assign = Assegna un ticket a un tecnico (coordinatori)
commands-assign-technician = Il tecnico che lo prende in carico
commands-assign-reason = Perché (facoltativo)
commands-reply = Invia un messaggio diretto al richiedente del ticket (nel thread di un ticket)
commands-reply-text = Cosa dire al richiedente
commands-ask = Fai una domanda al richiedente in privato e attendi la risposta (nel thread di un ticket)
commands-ask-question = Cosa ti serve sapere
commands-desk = Strumenti per lo staff dell'help desk
commands-desk-show = La cronologia completa di un ticket
commands-desk-note = Aggiungi una nota interna a un ticket
commands-desk-note-text = La nota (mai mostrata al richiedente)
commands-desk-watch = Ricevi un messaggio diretto a ogni cambiamento di un ticket
commands-desk-priority = Modifica la priorità di un ticket (coordinatori)
commands-desk-priority-value = La nuova priorità
commands-desk-priority-reason = Perché la priorità calcolata dalla matrice è sbagliata
commands-desk-cancel = Annulla un ticket (coordinatori)
commands-desk-cancel-reason = Perché viene annullato
commands-desk-link = Collega un ticket a un incidente principale; risolvendo questo si risolve anche il ticket
commands-desk-link-parent = Il numero di ticket dell'incidente principale
commands-ticket-number = Numero del ticket, ad es. 42

## refusals

refusals-database-unavailable = Al momento l'help desk non riesce a raggiungere il proprio database; riprova tra un minuto.
refusals-not-the-triage-message = Questo pulsante non si trova sul messaggio di triage di { $ticket }, quindi qui non fa nulla. Usa i pulsanti di quel messaggio.
refusals-not-the-requesters-dm = Solo chi ha aperto { $ticket } può rispondere, dal messaggio diretto che il bot gli ha inviato.

## assign

assign-duty = Indica se stai lavorando, così ti possono essere suggeriti ticket (tecnici)
assign-duty-on = Stai lavorando: ti possono essere suggeriti ticket
assign-duty-off = Non stai lavorando: non ti vengono suggeriti ticket
assign-desk-skills = Imposta competenze e livello di un tecnico, per i suggerimenti di assegnazione (coordinatori)
assign-desk-skills-technician = Il tecnico
assign-desk-skills-skills = Chiavi di categoria separate da virgole, ad es. network, printing
assign-desk-skills-level = Il suo livello di supporto (predefinito: invariato)
assign-technician-optional = Il tecnico che lo prende in carico; lascia vuoto per avere un suggerimento
assign-confirm = Conferma
assign-refusal-not-coordinator = Solo i coordinatori possono farlo. Non è stato modificato nulla.
assign-refusal-not-technician = <@{ $user }> non è un tecnico: non ha nessun ruolo da tecnico e non è elencato in [[technicians]] nel file dell'help desk. Non è stato modificato nulla.
assign-refusal-not-technician-self = Solo i tecnici entrano o escono dal servizio. Non è stato modificato nulla.
assign-refusal-unknown-skills = Indica almeno una competenza: chiavi di categoria separate da virgole, tra { $known }. Non è stato modificato nulla.
assign-refusal-unknown-skills-2 = { $unknown } { $count ->
        [one] non è una chiave di categoria
       *[other] non sono chiavi di categoria
    }. Le competenze sono chiavi di categoria, separate da virgole: { $known }. Non è stato modificato nulla.
assign-refusal-stale = { $ticket } è cambiato dopo questo suggerimento, quindi non è stato assegnato. Esegui di nuovo `/assegna` per un suggerimento aggiornato.
assign-refusal-suggestion-changed = Chi è in servizio o quanto è carico è cambiato dopo questo suggerimento, quindi { $ticket } non è stato assegnato. Esegui di nuovo `/assegna` per un suggerimento aggiornato.
assign-suggested = {"*"}*{ $ticket }** ({ $category }, livello { $level }, { $priority }): suggerisco { $who }.
assign-load = carico { $load } ({ $active } { $active ->
        [one] ticket attivo
       *[other] ticket attivi
    })
assign-why = Perché: { $duty }, competente in { $category }, livello { $level }, { $load }: { $comparison }.
assign-only-one = l'unico che soddisfa i requisiti
assign-lightest = il carico più basso tra chi soddisfa i requisiti
assign-tie-won = parità di carico: vince il livello più basso, poi chi ha meno ticket attivi
assign-passed-over = Scartati:
assign-holds = lo ha già in carico
assign-no-skill = non competente in { $category }
assign-level-too-low = livello { $level }, il ticket richiede { $needed }
assign-busier = più impegnato, { $load }
assign-lost-tie = stesso { $load }, livello { $level }: ha perso lo spareggio
assign-item = - { $who }: { $why }
assign-confirm-hint = Conferma per assegnare: il motivo viene registrato e il tecnico e il richiedente vengono avvisati.
assign-nobody = Nessuno soddisfa i requisiti per **{ $ticket }** ({ $category }, livello { $level }):
assign-nobody-hint = Per assegnarlo comunque a qualcuno: `/assegna ticket:{ $number } tecnico:@…`.
assign-no-technicians = Non è possibile suggerire nessuno per **{ $ticket }**: non ci sono tecnici configurati. Elencali in [[technicians]] nel file dell'help desk, oppure assegna delle competenze a uno di loro con `/helpdesk competenze`.
assign-confirmed = { $ticket } è assegnato a { $who }, come suggerito; il motivo è nella sua cronologia.
assign-skills-set = { $who } ora ha le competenze { $skills } al livello { $level }. Questo sostituisce quanto indicato per questa persona nel file dell'help desk.
assign-on-duty = Sei in servizio: ti possono essere suggeriti ticket di { $skills } di livello { $level } o inferiore.
assign-on-duty-without-skills = Sei in servizio, ma non hai competenze registrate, quindi non ti verrà suggerito nessun ticket: chiedi a un coordinatore di usare `/helpdesk competenze`.
assign-off-duty = Non sei in servizio: non ti verranno suggeriti ticket.
assign-until = {" "}Da { $when } decide di nuovo il tuo turno.

## kb

kb-command = La knowledge base: cerca, oppure scrivi e gestisci articoli (tecnici, coordinatori)
kb-search = Trova gli articoli che corrispondono a ciò che scrivi
kb-query-option = Come si presenta il problema, in poche parole
kb-new = Scrivi un nuovo articolo
kb-edit = Modifica un articolo
kb-retire = Ritira un articolo: resta in archivio ma non viene più trovato né proposto
kb-list = Elenca gli articoli, anche di una sola categoria
kb-list-category = Solo questa categoria
kb-promote = Scrivi un articolo a partire dalla risoluzione di un ticket chiuso
kb-article-option = Il numero dell'articolo (vedi /kb elenco)
kb-new-title = Nuovo articolo
kb-edit-title = Modifica l'articolo { $id }
kb-promote-title = Articolo da { $ticket }
kb-title-label = Titolo
kb-symptoms-label = Sintomi: cosa vede la persona
kb-steps-label = Passaggi: cosa lo risolve
kb-category-label = Categoria
kb-tags-label = Tag, separati da virgole (facoltativo)
kb-category-placeholder = Una tra: { $keys }
kb-created = Articolo **{ $id }** salvato: { $title }. Verrà proposto ai richiedenti quando le loro parole corrispondono.
kb-edited = Articolo **{ $id }** aggiornato: { $title }.
kb-retired = Articolo **{ $id }** ritirato: { $title }. Resta in archivio ma non viene più trovato né proposto.
kb-results = Articoli che corrispondono a “{ $query }”, dal più pertinente:
kb-no-results = Nessun articolo corrisponde a “{ $query }”. Prova con altre parole, oppure apri un ticket con `/ticket`.
kb-list-title = Knowledge base
kb-list-empty = Non ci sono ancora articoli. I tecnici li scrivono con `/kb nuovo` o `/kb promuovi`.
kb-article-name = { $id } · { $title }
kb-list-line = {"*"}*{ $id }** · { $title } ({ $category })
kb-refusal-not-staff = Solo tecnici e coordinatori possono scrivere, modificare o ritirare articoli. Per trovarne uno, usa `/kb cerca`.
kb-refusal-no-such-article = L'articolo { $id } non esiste. `/kb elenco` li mostra.
kb-refusal-retired = L'articolo { $id } è ritirato, quindi non può essere modificato.
kb-refusal-empty-query = Scrivi qualche parola sul problema da cercare, ad es. `vpn si disconnette`.
kb-refusal-not-closed = { $ticket } non è ancora chiuso: solo i ticket chiusi possono diventare articoli.
kb-problem-no-title = L'articolo deve avere un titolo.
kb-problem-title-too-long = Il titolo può contenere al massimo { $TITLE_MAX_CHARS } caratteri.
kb-problem-no-symptoms = Indica cosa vede la persona (i sintomi).
kb-problem-symptoms-too-long = I sintomi possono contenere al massimo { $SYMPTOMS_MAX_CHARS } caratteri.
kb-problem-no-steps = Indica cosa lo risolve (i passaggi).
kb-problem-steps-too-long = I passaggi possono contenere al massimo { $STEPS_MAX_CHARS } caratteri.
kb-problem-unknown-category = Quella categoria non è tra quelle dell'help desk. Non è stato salvato nulla; riprova con una di esse.
kb-problem-too-many-tags = Indica al massimo 10 tag.
kb-offered-intro = Questi articoli di aiuto corrispondono a ciò che hai scritto. Se uno risolve il problema, premi **Risolto con questo**; altrimenti premi **Non è questo** o **Invia**.
kb-this-fixed-it = Risolto con questo ({ $n })
kb-not-this = Non è questo
kb-hint-title = Suggerimento: potrebbe essere già successo
kb-hint-tickets = Ticket chiusi simili
kb-hint-ticket-some = {"*"}*{ $ticket }** ({ $code }): { $notes }
kb-hint-ticket-none = {"*"}*{ $ticket }**: { $notes }
kb-hint-articles = Articoli corrispondenti
kb-hint-article = {"*"}*{ $id }** · { $title } (`/kb cerca` per leggerlo)

## incident

incident-link-description = Rendi un ticket parte di un incidente grave (esce dalla coda e si risolve con esso)
incident-unlink-description = Scollega un ticket dal suo incidente: torna a essere un lavoro normale
incident-parent-option = Il numero di ticket dell'incidente (il principale)
incident-reason-option = Perché, per il registro di audit (facoltativo)
incident-linked = { $child } ora fa parte dell'incidente { $parent }: è uscito dalla coda, il suo richiedente riceverà gli aggiornamenti di { $parent } e verrà risolto insieme a { $parent }.
incident-unlinked = { $child } ha lasciato il suo incidente: è di nuovo in coda come ticket normale.
incident-child-joined = { $child } di { $requester } si è aggiunto a questo incidente
incident-child-left = { $child } ha lasciato questo incidente e viene gestito separatamente
incident-field = Incidente
incident-part-of = Parte di **{ $parent }**
incident-affected = {"*"}*+{ $count } coinvolti**
incident-queue-part-of = {" "}· ↳ parte di { $parent }
incident-queue-affected = {" "}· +{ $count } coinvolti
incident-known-problem =
    Sembra un problema noto: **{ $ticket }** { $summary }
    L'help desk ci sta già lavorando. Aggiungiti e riceverai gli aggiornamenti e la notizia della soluzione, senza dover aspettare un ticket tutto tuo.
incident-add-me = Aggiungimi
incident-not-this = Non è questo
incident-joined = Fatto: il tuo ticket **{ $ticket }** fa parte di **{ $parent }**. Riceverai qui gli aggiornamenti e, quando sarà risolto, potrai dirci se è risolto anche per te.
incident-refusal-not-staff = Solo lo staff dell'help desk può collegare ticket a un incidente.
incident-refusal-to-itself = { $ticket } non può far parte di se stesso: scegli un altro ticket come incidente.
incident-refusal-other-guild = Quei ticket appartengono a organizzazioni diverse, quindi non possono essere collegati.
incident-refusal-cycle = { $parent } fa già parte di { $child }, quindi { $child } non può far parte di { $parent }: si creerebbe un ciclo. Se vuoi invertirli, scollega prima { $parent }.
incident-refusal-parent-is-child = { $parent } fa a sua volta parte dell'incidente { $of }; gli incidenti hanno un solo livello. Collegalo invece a { $of }.
incident-refusal-has-children = { $child } è un incidente con { $count } ticket propri, quindi non può far parte di un altro. Scollega prima i suoi ticket.
incident-refusal-parent-not-active = { $parent } è { $status }: solo un incidente aperto può ricevere ticket.
incident-refusal-child-not-active = { $child } è { $status }: solo i ticket aperti possono unirsi a un incidente.
incident-refusal-already-linked = { $child } fa già parte di { $parent }.
incident-refusal-not-linked = { $ticket } non fa parte di nessun incidente.

## stats

stats-command = Dati e grafici dell'help desk su un periodo (coordinatori)
stats-days-option = Quanti giorni indietro da oggi (predefinito 30)
stats-technician-option = Solo i ticket di questo tecnico
stats-faq = I problemi più frequenti in un periodo, per decidere quali articoli scrivere (coordinatori)
stats-faq-days-option = Quanti giorni indietro da oggi (predefinito 90)
stats-title-some = Dati dell'help desk: ultimi { $days } giorni, ticket di { $t }
stats-title-none = Dati dell'help desk: ultimi { $days } giorni
stats-summary = {"*"}*{ $opened }** aperti · **{ $resolved }** risolti · **{ $backlog }** aperti ora
stats-backlog = Arretrato (aperti ora)
stats-first-response = Prima risposta
stats-resolution = Risoluzione
stats-spread-some =
    mediana { $median } · p90 { $p90 }
    { $count } ticket
stats-spread-none = ancora nessun ticket
stats-sla = Rispetto dello SLA
stats-sla-value-some =
    { $p }%
    { $met } su { $resolved } risolti in tempo
stats-sla-value-none = niente di risolto
stats-satisfaction = Soddisfazione
stats-satisfaction-value-some =
    { $a } / 5
    { $rated } valutazioni ({ $r }% di risposte)
stats-satisfaction-value-some-2 = ancora nessuna valutazione
stats-deflections = Self-service
stats-deflections-value-some =
    { $n } risolti con un articolo
    ({ $r }% dei problemi segnalati)
stats-deflections-value-some-2 = { $n } risolti con un articolo
stats-technicians = Tecnici (aperti · risolti · soddisfazione)
stats-technician-line-some = { $who }: { $open } · { $closures } · { $s }
stats-technician-line-none = { $who }: { $open } · { $closures } · –
stats-none = nessuno
stats-categories = Categorie principali (aperti)
stats-footer = Risolti = lavoro concluso nel periodo; SLA rispettato = nessun obiettivo violato. Percentili con metodo del rango più vicino.
stats-chart-unavailable = Questa volta non è stato possibile disegnare il grafico; i dati sono completi.
stats-faq-title = Problemi più frequenti: ultimi { $days } giorni
stats-faq-empty = Nessun ticket risolto negli ultimi { $days } giorni: non c'è ancora niente da raggruppare.
stats-faq-group = { $category } · { $count } ticket
stats-faq-examples = Descritto come
stats-faq-resolution = Risoluzione più frequente: { $code } ({ $count })
stats-faq-article = Articolo **{ $id }**: { $title }
stats-faq-no-article = Ancora nessun articolo: vale la pena scriverne uno (`/kb nuovo`, oppure `/kb promuovi` da un ticket).

## labels used inside other messages

sla-clock-first-response = prima risposta
sla-clock-resolution = risoluzione
history-kind-created = aperto
history-kind-claimed = preso in carico
history-kind-assigned = assegnato
history-kind-escalated = scalato
history-kind-waiting = in attesa del richiedente
history-kind-resumed = ripreso
history-kind-resolved = risolto
history-kind-confirmed = risoluzione confermata
history-kind-reopened = riaperto
history-kind-cancelled = annullato
history-kind-closed = chiuso
history-kind-priority-changed = priorità cambiata
history-kind-rated = valutato
history-kind-note = nota interna
history-kind-reply = risposta al richiedente
history-kind-requester-message = il richiedente ha scritto
history-kind-delivery-failed = messaggio diretto non recapitato
history-kind-watch-started = ha iniziato a seguirlo
history-kind-sla-warning = avviso SLA
history-kind-sla-breached = SLA violato
history-kind-waiting-reminded = promemoria al richiedente
history-kind-rating-comment = commento alla valutazione
history-kind-linked = collegato a un incidente
history-kind-unlinked = scollegato dal suo incidente
assign-duty-said-on = in servizio
assign-duty-in-shift = in turno
assign-duty-said-off = non in servizio (ha indicato /turno fine)
assign-duty-out-of-shift = non in servizio (fuori dal suo turno)
assign-duty-never-on = non in servizio (nessun turno e nessun /turno inizio)
buttons-rating-1 = Pessimo
buttons-rating-2 = Scarso
buttons-rating-3 = Sufficiente
buttons-rating-4 = Buono
buttons-rating-5 = Eccellente

## How domain values read

status-intake = In compilazione
status-open = Aperto
status-in-progress = In lavorazione
status-waiting-on-requester = In attesa del richiedente
status-resolved = Risolto
status-closed = Chiuso
status-cancelled = Annullato
impact-individual = Solo io
impact-team = Il mio team
impact-organisation = Tutta l'organizzazione
urgency-low = Bassa
urgency-medium = Media
urgency-high = Alta
resolution-fixed = Risolto
resolution-workaround = Soluzione temporanea
resolution-duplicate = Duplicato
resolution-not-reproducible = Non riproducibile
resolution-user-error = Errore dell'utente
resolution-no-response = Nessuna risposta

## The steps every intake asks

prompt-summary = In una riga, qual è il problema?
prompt-summary-label = Oggetto (una riga)
prompt-summary-hint = ad es. Il portatile non si avvia dopo l'aggiornamento
prompt-category = Di che tipo di problema si tratta?
prompt-description = Descrivi cosa succede, cosa ti aspettavi e cosa hai già provato.
prompt-description-label = Cosa succede?
prompt-description-hint = I messaggi di errore sono utili. Non inviare mai password: non te le chiederemo mai.
prompt-impact = Chi è coinvolto?
prompt-urgency = Quanto è urgente?
prompt-urgency-hint = Alta: tu o altri non potete lavorare. Media: il lavoro è rallentato. Bassa: può aspettare.
field-summary = Oggetto
field-category = Categoria
field-description = Descrizione
field-impact = Chi è coinvolto
field-urgency = Urgenza

## Why an intake answer was not accepted

problem-empty = Scrivi una risposta (oppure `annulla` per interrompere).
problem-required = Questa domanda non si può saltare: rispondi, per favore (oppure scrivi `annulla` per interrompere).
problem-too-long = Sono { $got } caratteri; il limite è { $max }. Accorcia il testo, per favore.
problem-not-one-line = Scrivi l'oggetto su una sola riga, per favore.
problem-no-match-hint = Non sembra corretto. { $hint }
problem-no-match = Non sembra corretto; controlla, per favore.
problem-not-a-choice = Scegli una di queste opzioni: { $choices } (il testo o il suo numero).
problem-nothing-before = Questa è la prima domanda; non c'è niente a cui tornare.
problem-at-review = Rispondi `invia` per aprire il ticket, `modifica` e un numero per cambiare una risposta, oppure `annulla`.
problem-unknown-item = Quale risposta vuoi cambiare? Rispondi `modifica` e il suo numero: { $items }.
problem-incomplete = Non hai ancora risposto a tutto: “{ $missing }” richiede ancora una risposta.
problem-cancelled = Questa richiesta è stata annullata; invia un nuovo messaggio per ricominciare.
problem-in-answer = { $question }: { $problem }

## Why the ticket rules refused a change

refusal-not-allowed = Non puoi { $action } { $ticket }: operazione riservata a { $who }.
refusal-level-required = Non puoi { $action } { $ticket }: serve un tecnico di livello { $level } o superiore.
refusal-wrong-status = Non puoi { $action } { $ticket }: è { $status }.
refusal-already-claimed = { $ticket } è già in carico a { $by }.
refusal-claimed-cannot-cancel = { $ticket } è già in carico a { $by }; chiedi a questa persona o a un coordinatore di annullarlo.
refusal-already-assigned = { $ticket } è già assegnato a { $technician }.
refusal-not-at-level = { $technician } non lavora al livello { $level }.
refusal-top-level = { $ticket } è già al livello 3, il più alto.
refusal-not-higher = { $ticket } è già al livello { $current }; scegli un livello superiore.
refusal-reason-too-short = Indica un motivo di almeno { $min } caratteri.
refusal-notes-too-short = Le note di risoluzione richiedono almeno { $min } caratteri: spiega qual era il problema e cosa l'ha risolto.
refusal-same-priority = { $ticket } è già { $priority }.
refusal-score-out-of-range = La valutazione è un numero intero da 1 a 5.
refusal-already-rated = { $ticket } è già stato valutato.
refusal-not-rated-yet = { $ticket } non ha ancora una valutazione da commentare.
# The "who" and "action" labels below only fill refusal-not-allowed, refusal-level-required and
# refusal-wrong-status above ("Non puoi { $action } { $ticket }: operazione riservata a { $who }").
refusal-who-coordinators = coordinatori
refusal-who-technicians = tecnici
refusal-who-the-requester = chi ha aperto il ticket
refusal-who-the-requester-or-a-coordinator = chi ha aperto il ticket o un coordinatore
refusal-who-the-assignee-or-a-coordinator = chi ha il ticket in carico o un coordinatore
refusal-who-the-requester-the-assignee-or-a-coordinator = chi ha aperto il ticket, chi lo ha in carico o un coordinatore
refusal-action-submit = inviare
refusal-action-claim = prendere in carico
refusal-action-assign = assegnare
refusal-action-escalate = scalare
refusal-action-pause = mettere in pausa
refusal-action-resume = riprendere
refusal-action-resolve = risolvere
refusal-action-confirm = confermare
refusal-action-reopen = riaprire
refusal-action-cancel = annullare
refusal-action-close = chiudere
refusal-action-change-the-priority-of = cambiare la priorità di
refusal-action-rate = valutare
refusal-action-comment-on-the-rating-of = commentare la valutazione di

## Slash command and option names as Discord shows them in each language: lowercase, no spaces, at
## most 32 characters (letters, digits, - and _). People type these after the slash.

name-ticket = ticket
name-mytickets = imieiticket
name-queue = coda
name-escalate = scala
name-assign = assegna
name-reply = rispondi
name-ask = chiedi
name-desk = helpdesk
name-duty = turno
name-kb = kb
name-stats = statistiche
name-faq = faq
name-language = lingua
name-summary = oggetto
name-category = categoria
name-status = stato
name-level = livello
name-assignee = assegnatario
name-unassigned = non-assegnati
name-reason = motivo
name-technician = tecnico
name-text = testo
name-question = domanda
name-value = valore
name-parent = principale
name-skills = competenze
name-query = ricerca
name-article = articolo
name-days = giorni
name-show = mostra
name-note = nota
name-watch = segui
name-priority = priorità
name-cancel = annulla
name-link = collega
name-unlink = scollega
name-search = cerca
name-new = nuovo
name-edit = modifica
name-retire = ritira
name-list = elenco
name-promote = promuovi
name-on = inizio
name-off = fine

## /language

commands-language = Scegli la lingua in cui deskbot ti scrive
commands-language-option = La tua lingua
language-set = D'ora in poi ti scriverò in italiano.
commands-level-choice = Livello { $level }

## Why a note, reply, question, rating comment or watch was not taken

declined-not-staff-note = Solo lo staff dell'help desk può aggiungere note.
declined-empty-question = Scrivi la domanda per il richiedente.
declined-already-commented = Hai già commentato questa valutazione. Grazie!
declined-not-staff-reply = Solo lo staff dell'help desk può rispondere al richiedente.
declined-not-your-ticket = { $ticket } non è un tuo ticket.
declined-not-staff-watch = Solo lo staff dell'help desk può seguire i ticket di altre persone.
declined-empty-message = Il messaggio è vuoto.

## The words drawn on the /stats chart (dates are drawn as day/month)

stats-chart-flow-title = Ticket aperti e chiusi al giorno
stats-chart-tickets = ticket
stats-chart-opened = aperti
stats-chart-closed = chiusi
stats-chart-sla-title = Rispetto dello SLA per settimana (% di ticket risolti)
stats-chart-week-of = settimana del

## Riepilogo dell'ondata: un messaggio in un canale di smistamento con i nuovi ticket che attendono
## ancora un proprio messaggio.
storm-headline = **{ $count ->
    [one] { $count } nuovo:
   *[other] { $count } nuovi:
}**
storm-more = , … e altri { $count }
storm-explain = -# Ognuno avrà il proprio messaggio appena il canale lo consente; scegline uno qui sotto per prenderlo in carico subito.
storm-pick-placeholder = Apri o prendi in carico…
storm-caught-up = ✅ Ogni nuovo ticket ha ora il proprio messaggio.
storm-claimed = Hai preso in carico { $ticket }; il suo messaggio arriverà qui appena il canale lo consente.
storm-not-in-triage = Questo elenco funziona solo in un canale di smistamento.
