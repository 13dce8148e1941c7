"""The shop's words for what a question asks: statuses, dates, money, stock, documents, contacts.

The synonyms are data here, apart from the code that reads them, so a new wording staff use is
a line of data (a word in a list, an alternative in a pattern), not a change to a rule.
"""

from __future__ import annotations

import re

WORDS_TO_NUMBERS = {
    w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())
}

ORDINALS = {
    w: i for i, w in enumerate("zeroth first second third fourth fifth sixth seventh eighth ninth tenth".split())
}
NUMBER = r"(\d+|" + "|".join(WORDS_TO_NUMBERS) + r")"
# Counts said in words ("twenty-six", "a hundred"): a bound on what is counted ("more than twenty work orders").
BOUND_NUMBER_WORDS = (
    "two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty sixty seventy "
    "eighty ninety hundred".split()
)
SPELLED_NUMBER = (
    rf"(?:{'|'.join(BOUND_NUMBER_WORDS[:-1])}|a hundred|one hundred)(?:[- ](?:one|two|three|four|five|six|seven|eight|"
    r"nine))?"
)
ORDER_NOUN = r"(?:(?:cleaning|repair|work)\s+)?(?:orders?|wos?|ros?|jobs?|tickets?)"
# What a customer brought in, however it is called: the latest "thing" they dropped off is their latest order.
DROPPED_OFF = rf"(?:{ORDER_NOUN}|things?|items?|pieces?|stuff|ones?|drop-?offs?|visits?)"
LAST_BROUGHT = (
    r"\blast time\b|\blast (?:dropped|brought|sent|came|come|drop|bring|send|visit(?:ed)?)\b|"
    r"\b(?:dropped|brought|sent) (?:\w+ )?(?:in|off) last\b|\bmost recently\b|"
    r"\b(?:latest|most recent|newest)\b(?= (?:from|for|of|by)\b)"
)
# "who brought in the trampoline net", "the last thing Tamara brought in", "the orders we took in": not money
BROUGHT_ITEM = (
    r"\b(?:who|things?|items?|stuff|pieces?|ones?|orders?|jobs?|tickets?|everything|anything)\b(?:\s+[\w']+){0,4}?\s+"
    r"(?:brought|dropped|sent|took|taken|take)\s+(?:in|off|us)\b"
)

# A customer's own bringing ("anything Laura Young brought in this year?"), and the shop's ("did we bring in").
CUSTOMER_BROUGHT = r"\b(?:brought|bring|brings|bringing|dropped|drop|drops|sent|send)\s+(?:in|off|over|by)\b"
WE_EARNED = r"\b(?:we|we've|our)\b|(?<!\bto )(?<!\bwith )\bus\b"  # "brought in to us" is the customer's
# A customer's visits counted: "how many times has Blue Heron used us / been in / come to us".
TIMES_COUNTED = r"\bhow many times (?:has|have|did)\b"

# "WO-13552", "wo 13552", "WO#13552", "work order #13552", "repair order no. 2351"
ORDER_ID = re.compile(
    r"\b(?:(W/?O|R/?O|w\.o\.|r\.o\.)\s*(?:no\.?|number|#)?\s*[-#]?\s*|(work|repair|cleaning)[- ]?"
    r"orders?\s*(?:no\.?|number|#)?\s*#?\s*|(?<!to )(?<!we )(?<!should )(?<!can )(?<!could )(?<!'ll )"
    r"(order|job|ticket)\s*(?:(?:no\.?|number)?\s*#\s*|(?:no\.?|number)?\s+))(\d{3,})\b"
    r"(?!\s*(?:yards?|yds?|units?|rolls?|spools?|pieces?|boxes|feet|ft|gallons?|more|of)\b)",
    re.IGNORECASE,
)
# An order's number written alone ("can you check on 13586? status"): read as an order only where the question
# asks after one order, and never a year, an amount, a code or a slip ("gate code 7422").
BARE_ORDER_NUMBER = re.compile(
    r"(?<![\w$.,/:-])(?<![\w$.,/:-]#)(\d{4,5})"  # "#13586" too, not "$#1234"
    r"(?![\w/%:-]|[.,]\d|\s*(?:yards?|yds?|ft|feet|sq|dollars|bucks|miles)\b)",  # "#13551, and ..." too
    re.IGNORECASE,
)
NOT_ORDER_NUMBER = frozenset("code slip gate suite unit dock room pin zip box lot year in since from".split())
BARE_ORDER_CUE = (
    r"\b(?:status|check on|check in on|update on|where(?:'s| is) (?:it|that|job|order)?|how(?:'s| is)|"
    r"promised|due|done|ready|finish(?:ed)?|complete(?:d)?|look up|pull up|what about|any news|stage|whose|"
    r"items? (?:on|in|of|for)|total (?:on|of|for)|fill (?:me |us )?in|run ?down|summar(?:y|ise|ize)|"
    r"details? (?:on|of|for)|the (?:cleaning|repair|work) (?:order|job|ticket))\b|"
    r"^\W*#\d{4,5}\s*[-–—:]"  # "#13560 - what stage?": a message that opens on a number is about that order
)
DOMAIN_WORDS = (
    "overdue received revenue repair repairs pickup picked cleaning cleaned queue customer customers "
    "started email phone address contact warranty policy inventory stock yards order orders invoice "
    "approved quoted cancelled completed finished delivery schedule status ready tomorrow today week weeks "
    "month which"
).split()
# Words of questions a typo is put right to only when two letters were swapped ("wrok", "mnay").
SWAP_TARGETS = frozenset(DOMAIN_WORDS + "work being many what which where when how much have the".split())
# Real words a letter short of a domain word: never "corrected" ("read" is not "ready").
REAL_WORDS = frozenset("read week tock mont cleaner cleaners".split())
# Chat shorthand, spelled out before anything else reads the question ("due tmrw?", "# in cln q rn").
SHORTHAND: dict[str, str] = {
    r"tmrw|tmrow|tmr|tmro|2morrow|2moro|2mrw": "tomorrow",
    r"2day|tdy|tday": "today",
    r"2nite|tonite": "tonight",
    r"wk": "week",
    r"fortnight": "2 weeks",
    r"wks": "weeks",
    r"nxt": "next",
    r"lst": "last",
    r"mnth|mth": "month",
    r"mnths|mths": "months",
    r"rn": "right now",
    r"atm": "at the moment",
    r"cln|clng": "cleaning",
    r"rpr|rprs": "repair",
    r"ords?": "orders",
    r"jbs": "jobs",
    r"w/": "with",
    r"thru": "through",
    r"b4": "before",
    r"amt": "amount",
    r"pls|plz": "please",
    r"u": "you",
    r"ur": "your",
    r"r": "are",
    r"rdy": "ready",
    r"pkup|pu": "pickup",
    r"cust": "customer",
    r"addr": "address",
    r"recvd|rcvd|rec'?d": "received",
    r"apprvd|appr'?d|aprvd": "approved",
    r"qtd": "quoted",
    r"que|qu": "queue",
    r"cxld|cxl|canc'?d": "cancelled",
    r"cmpltd|compl'?d": "completed",
    r"cnt|ct": "count",
    r"hw": "how",
    r"od": "overdue",
    r"sb": "sunbrella",
    r"bein": "being",
    r"rite": "right",
    r"wat|wht": "what",
    r"poly": "polyester",
}
# "# in the queue", "cleaning q": a sign or a letter standing for a word.
SHORTHAND_SIGNS: tuple[tuple[str, str], ...] = (
    (r"\btop(\d+)\b", r"top \1"),
    (r"(?<![\w#])#\s*(?=of\b)", "number "),
    (r"(?<![\w#])#\s*(?=(?:in|on)\b)", "number of orders "),
    (r"^\s*#\s*(?=[a-z])", "number of "),
    (r"(?<![\w#])#\s*(?:\?|$)", "how many?"),
    (r"\b(cleaning|repair|wash) q\b", r"\1 queue"),
    (r"\bclean q\b", "cleaning queue"),
    (r"\bin q\b", "in the queue"),
)
CUSTOMER_ID = re.compile(r"\bC\d{4,}\b")
STOCK_ID = re.compile(r"\bINV[-\s#]?(\d{2,})\b", re.IGNORECASE)
LOCATION = re.compile(r"\b(rack|shelf|bin|bay|aisle|cabinet)\s+([a-z]?\d+[a-z]?)\b", re.IGNORECASE)
STOCK_FILLER = frozenset(
    "how many much what which where is are do does we have our in of stock yards yard yd yds "
    "spools spool rolls roll boxes box qty quantity total on hand left got the a an there any "
    "stored kept price unit cost per fabric material colour color colors colours all just only "
    "pieces piece end ends bolt bolts full whole bits altogether together included including "
    "counting combined overall everything and or but inch inches width widths wide every each carry stocked "
    # a bound on the quantity asked ("at least fifty yards ... how much exactly?"): its exact figure answers it
    "least most more fewer less than exactly actual actually number enough".split()
    + BOUND_NUMBER_WORDS
)
NEGATION = r"(?:not|n't|never|no longer|yet to be|without being)\s+(?:yet\s+|been\s+|be\s+|got\s+|gotten\s+|even\s+)*$"

# Everyday words for each status, most specific first; a phrase maps per order kind.
STATUS_WORDS: list[tuple[str, dict[str, str]]] = [
    (
        r"cleaning queue|queued (?:up )?for (?:cleaning|washing)|waiting to be (?:cleaned|washed)|waiting for "
        r"(?:cleaning|a wash)|to be (?:cleaned|washed)|wash queue|not (?:yet )?(?:been )?(?:cleaned|washed) yet|"
        r"lined up for (?:cleaning|washing)|in line for (?:cleaning|a wash|the wash(?:er)?)|"
        r"(?:lined up|in line|waiting) (?:for|on) (?:a |the )?(?:free |open )?(?:wash )?bay|"
        r"(?:lined up|in line) (?:waiting )?for (?:it|the wash|a wash|washing)|"
        r"waiting (?:in line |their turn )?to (?:get |be )?(?:washed|cleaned)|"
        r"(?:haven't|have not|hasn't|has not|not yet|yet to) (?:hit|gone into|gone through|been through|go into|"
        r"go through) the wash(?:er| bays?)?(?: yet)?",
        {"work_order": "cleaning_queue"},
    ),
    (
        r"repair queue|queued for repairs?|waiting for repairs? after (?:cleaning|washing)|"
        r"waiting (?:for|on) (?:the )?(?:repairs?|sew(?:ing|ers)(?: crew| room| team)?|"
        r"seamstress)|waiting to be repaired|needs? repairs? first|(?:now |still )?need(?:s|ing)? (?:sewing|stitching|"
        r"mending|repairs?)(?: (?:now|next|after))?",
        {"work_order": "repair_queue"},
    ),
    (
        r"being (?:cleaned|washed)|in (?:cleaning|the wash(?:er)?)|currently (?:cleaning|washing)|"
        r"(?:cleaning|washing) (?:right )?now|getting (?:cleaned|washed|scrubbed)|being scrubbed|"
        r"in the (?:wash )?bays?|"
        r"in progress in the wash|on the wash floor|"
        r"mid-?(?:clean|wash)|status cleaning|wash(?:ing)? (?:jobs? |orders? |tickets? )?(?:that are |are |is )?"
        r"(?:in process|in progress|underway)",
        {"work_order": "cleaning"},
    ),
    (
        r"in repair|being (?:repaired|fixed)|under repair|getting (?:repaired|fixed)|on the (?:(?:repair|sewing) )?"
        r"(?:bench|table)|being sewn|(?:at|in|@) (?:the )?sewing|under the needle|on the sewing machines?",
        {"repair_order": "in_repair"},
    ),
    (
        r"being worked on|(?:currently|now) being worked|worked on (?:right )?now",
        {"work_order": "cleaning", "repair_order": "in_repair"},
    ),
    (
        r"need(?:s|ing|ed)? (?:a )?quote|awaiting (?:a )?quote|waiting (?:for|on) (?:a )?quote(?! decision)|"
        r"to be quoted|"
        r"yet to be quoted|not (?:yet )?(?:been )?quoted|no quote yet|(?:haven't|have not|not) (?:even )?(?:been )?"
        r"priced(?: out)?(?: yet)?|"
        r"(?:not|never|haven't|hasn't|have not|has not) (?:even |yet |been )?(?:put|pulled|got) (?:a )?quote together|"
        r"quote (?:put|pulled) together",
        {"repair_order": "received"},
    ),
    (
        r"quoted|quotes? (?:sent|out|pending)|quote decisions?|decid(?:e|ing) (?:on|about) (?:the|a|their) quote|"
        r"waiting (?:for|on) (?:the )?(?:customer(?:'s)? )?(?:approval|sign-?off|"
        r"go-?ahead|ok|okay)|awaiting (?:customer )?approval|pending approval|need(?:s|ing)? approval|not (?:yet )?"
        r"approved|to ok the quote|"
        r"(?:waiting|waits|wait) (?:on|for) (?:the |a )?(?:customers?|clients?|them|owners?) to "
        r"(?:ok|okay|approve|accept|sign off|give (?:us )?(?:the |a )?go-?ahead|say yes|agree)|"
        r"(?:say yes|agree) to the quote|"
        r"(?:waiting|awaiting) (?:for |on )?(?:a |the )?(?:customer(?:'s)? |client(?:'s)? |their )?(?:sign-?off|"
        r"go-?ahead|yes|decision|answer)|waiting to hear (?:back|yes or no)|sent (?:them )?the price",
        {"repair_order": "quoted"},
    ),
    (
        r"\bapproved\b|\bokayed\b|\bok'?ed\b|\bok'd\b|\bsigned off\b|\bgave (?:us )?the go-?ahead\b|"
        r"\bgreen-?lit\b|\bsaid yes\b|\baccepted (?:the |our )?quote\b",
        {"repair_order": "approved"},
    ),
    (
        r"\bready\b|(?:awaiting|waiting (?:on|for)) (?:a |the |customer |their )?pick ?-?up|"
        r"waiting (?:for|to be) (?:pick(?:ed)? ?-?up|collected)|to be (?:picked up|"
        r"collected)|ready to go|(?:finished|done|fixed|repaired|cleaned) and (?:just )?(?:sitting|waiting)|"
        r"waiting (?:on|for) (?:the )?(?:\w+ )?\w+ to (?:come (?:and |to )?)?(?:collect|pick|get|grab)|"
        r"waiting for collection|(?:sat|sitting|waiting) on the (?:pick-?up )?shelf",
        {"work_order": "ready", "repair_order": "ready"},
    ),
    # "approved but not yet started" describes the approved ones; alone it means received
    (
        r"\breceived\b(?! (?:this|last|in|during|since|so far|between|from|before|after)\b)|"
        r"(?<!but )(?<!but we )not (?:yet )?(?:been )?started|(?:sitting )?at intake|just (?:came|come) in|checked in|"
        r"new arrivals?|(?<!but )(?<!but we )haven't (?:been )?started|"
        r"not begun|untouched|nobody has touched|dropped off and waiting|"
        r"(?:haven't|hasn't|have not|has not|not) (?:yet )?(?:been )?(?:touched|looked at)",
        {"work_order": "received", "repair_order": "received"},
    ),
    (
        r"cancell?ed|called off|\b(?:did|have|has|who) (?:[\w'&.-]+ ){0,5}cancell?\b",
        {"work_order": "cancelled", "repair_order": "cancelled"},
    ),
    (
        r"\bcompleted\b|\bfinished\b|picked up|\bclosed\b|(?:are|is|were|was|been|got|all|get) done\b|"
        r"\bdone yet\b|\bwrap(?:ped)? up\b|\bfinali[sz]ed\b|"
        r"\b(?:did|have|we|we've) (?:we |you |they )?(?:\w+ )?(?:finish|complete)\b",
        {"work_order": "completed", "repair_order": "completed"},
    ),
    (r"\bqueue\b|\bqueued\b", {"work_order": "cleaning_queue"}),
]
OPEN_WORDS = (
    r"\b((?<!closed or )(?<!closed and )(?<!closed/)open(?!\s*(?:or|and|/|&)\s*(?:closed|not|done|finished|"
    r"completed))|still open|outstanding|active|in progress|pending|unfinished|not (?:yet )?(?:done|"
    r"completed|finished|closed)|(?:aren't|isn't|are not|is not|haven't been|hasn't been) (?:yet )?(?:done|"
    r"finished|completed)|in the shop|in house|backlog|current(?:ly)?|work in progress|wip|"
    r"still (?:here|with us|at the shop|in (?:the )?(?:shop|building|house))|"
    r"(?:still )?(?:got |have )?(?:sitting|waiting|parked|left) (?:here|with us|at the shop|in the shop)|still got|"
    r"(?:anything|something|stuff) (?:with us|here)|(?:nothing|anything|something) left (?:with us|here)|"
    r"still have|at the moment|right now|as of now|"
    r"waiting on anything|anything (?:pending|waiting)|in the works|underway|under way|on the go|"
    r"(?:haven't|hasn't|not) (?:yet )?(?:been )?(?:picked up|collected))\b"
)
OVERDUE_WORDS = (
    r"\b(overdue|past[- ]due|late (?:against|vs\.?|versus) (?:the|their|its) (?:promised|due|required) "
    r"dates?|late(?!\s+(?:'?\d|nineteen|(?:fif|six|seven|eigh|nine)ties|model|afternoon|morning|evening|night))|"
    r"running late|behind(?! (?:the|a|an|this|that|his|her|its|their)\b| (?:wo|ro)[- #]?\d)(?: schedule)?|"
    r"(?:missed|blew|blown|blew past|blown past|blew through|blown through|pass|passed|gone past|went past) "
    r"(?:their |its |the )?(?:(?:due|required|promised|promise) dates?|deadlines?)|"
    r"past (?:their |its |the )?(?:(?:due|required|promised|promise) )?(?:dates?|deadlines?)|"
    r"should have been (?:finished|done|completed|ready|due) by now|due before today|"
    r"(?:due|required|promised|needed|ready|done|finished|completed)(?: dates?| by)? "
    r"(?:before|earlier than|prior to) today|"
    r"(?:due|promised|required) dates? (?:has |have )?(?:passed|gone by|come and gone))\b"
)
DUE_WORDS = (
    r"\b(due|required|promised|promise|owed?|deadline|scheduled|expected back|needed by|need(?:s|ed)? to be "
    r"(?:done|finished|completed|ready)|ha(?:s|ve) to be (?:done|finished|completed|ready))\b"
)
# "Where are we for November so far?", "how did we do last month?": how the shop stands over a period, in money
HOW_WE_STAND = (
    r"\b(?:where are we(?: at)?|how (?:are|'re) we doing|how(?:'d| did) we do) "
    r"(?:for|in|over|during|so far|this|last)\b"
)
REVENUE_WORDS = (
    r"\b((?:the shop|the business|the company|the store) (?:made|make|makes|brought in|took in)|"
    r"revenue|take in|took in|taken in|takings|(?:we|we've|we have|did we|you|i) (?:made|make)|"
    r"made (?:in|during|last|this|so far)|earn(?:ed|ings)?|sales(?! tax)|income|billed|"
    r"bill(?:ing)?|turnover|turn(?:ed)? over|brought in|bring in|money|invoiced|rev|generated?|spen[dt]|paid us|pay us|"
    r"(?:bring|brought|brings) us|(?:made|make|makes|earned|earn|earns) us|"
    r"how much (?:money |cash )?(?:came|has come|comes) in|(?:we|we've|we have|did we|have we) "
    r"(?:collect(?:ed)?|invoice|bill)|dollar (?:amount|total|figure|value)s?|how many dollars|dollars in|"
    r"money-?wise|gross(?:ed|ing)?|(?:total|the|our|shop's|month's|year's|quarter's) take)\b"
)
TOP_WORDS = (
    r"\b(top\s*\d+|top (?:\w+ )?(?:customers?|custs?|clients?|accounts?|spenders?)|(?:the )?most money|"
    r"the most (?:revenue|sales|business)|top (?:three|five|ten)|"
    r"best|biggest|largest|highest|most valuable|leading|spent the most|spend the most|spends the most|"
    r"spending the most|biggest spenders?|paid (?:us )?the most|pays (?:us )?the most)\b"
)
MONEY = r"\$|\b(how much|revenue|money|dollars?|sales(?! tax)|income|paid|spent)\b"
BY_SPEND = r"\bby (?:rev(?:enue)?|sales|spend(?:ing)?|\$|money|dollars)\b"
CUSTOMER_NOUNS = r"\b(customers?|custs?|clients?|accounts?|spenders?|who)\b"
STOCK_WORDS = (
    r"\b(stock|inventory|in store|on hand|on the shelf|yards?|yds?|qty|quantity|spools?|rolls? of|"
    r"where (?:do we |does |is |are )?(?:keep|kept)|where(?:'s| is| are| do we keep)\b[^?.]{1,60}?\b(?:kept|stored)|"
    r"boxes of|stored|shelf|rack|bin|unit price|have we got|left of|remnants?|offcuts?|scraps?)\b"
)
DOC_WORDS = (
    r"\b(polic(?:y|ies)|warranty|warranted|guarantee|price list|prices?|charge|cost to|per square "
    r"foot|sq ?ft|procedure|sop|instructions for cleaning|guide|sheet|document|pdf|according to|"
    r"how long|how quickly|how fast|how soon|notice|turnaround|deposit|storage fee|abandon(?:ed)?|"
    r"mildew treatment|temperature|temp|psi|dry|drying|dries|dry time|fee|minimum|surcharge|percent|extra|"
    r"contact time|dwell|get rid of|in advance|free of charge|mileage|per mile|square (?:feet|foot)|coverage|"
    r"rates?|add(?:ed)? on|upcharge|guaranteed|peak|season|mildew|bleach|mix(?:ture)?|payment terms|"
    r"hourly|per hour|an hour|labou?r rate|free redo|redo for free|at no charge|no charge|capacity|"
    r"(?:max|maximum|most) (?:\w+ ){0,3}(?:we (?:take|accept|do|handle)|(?:a|per) (?:day|week))|"
    r"(?:get|be|getting|being) paid|payment (?:is )?due|"
    r"how much (?:to|for) (?:\w+ )?(?:clean|wash|fix|repair|sew|replace|treat|store|deliver|pick|swap|"
    r"install|take)\w*)\b"
)
DOC_STRONG = (
    # what the shop may do, asked ("a rush job in April - can we always take it?"): its policies say
    r"\b(?:(?:can|may) we (?:always |ever |still |even )?(?:take|accept|allow|offer|refuse)|(?:are|is) (?:we|it) "
    r"(?:allowed|permitted)|do we (?:ever|always) (?:take|accept|allow|offer)|"
    r"(?:we're|we are|you're|you are|i'm|i am) (?:allowed|permitted|supposed) to)\b|"
    # the shop's charges and terms, asked as such ("what's the rush fee?", "what deposit do we take?")
    r"\bwhat(?:'s| is| are)? (?:the |our )?(?:\w+ )?(?:fee|surcharge|deposit|minimum charge)s?\b|"
    r"\bwhat (?:deposit|down payment)\b|\bhow much (?:of a |in )?(?:deposit|down payment)\b|"
    r"\b(?:charge|fee)s? (?:\w+ )?per (?:week|mile)\b|"  # a storage or delivery fee ("per month" groups revenue)
    r"\bhold (?:[\w-]+ ){0,3}(?:free|at no charge)\b|"
    # what the shop does when a customer does something ("when someone okays a repair quote, how much do we
    # collect up front?"): a policy, not the records
    r"\bwhen (?:someone|somebody|a customer|customers|a client|the customer)\b[^?]*\b(?:how much|what) "
    r"(?:do|does|should|would) (?:we|you|i)\b|\bup[- ]?front\b|"
    r"\b(capacity|max(?:imum)? (?:per|a) day|(?:per|a) day max(?:imum)?|polic(?:y|ies)|warranty|warranted|"
    r"guaranteed?|price ?list|sheet|documents?|pdf|according to|"
    r"procedures?|sop|guide|handbook|manual|terms and conditions)\b"
)
# A question about what a document says ("what does the annual report say about revenue?", "in the
# storm notice"): the document answers it, whatever records its other words name.
DOC_REFERENCE = (
    r"\b(?:what|how|where|when|who) (?:does|did|do) (?:the|this|that|our|your) (?!(?:special )?(?:notes?|"
    r"instructions?)\b)(?:[\w'-]+ ){0,4}?(?:say|state|mention|list|show|describe|recommend|require)\b|"
    r"\b(?:in|from|on|per|of) (?:the|this|that|our) (?:[\w'-]+ ){0,3}?(?:report|brochure|notice|letter|"
    r"memo|bulletin|newsletter|slides?|presentation|contract|agreement|instructions|catalog(?:ue)?|"
    r"leaflet|flyer|handout|transcript|minutes|scan|uploaded file|attachment|sheet|paperwork|script|example|sample|"
    r"paper|article|manual|handbook|book|thesis|document|doc|pdf|guide|form)s?\b|"
    # an order's own sheet named by its kind ("Crabby Mango's job sheet"): the sheet answers, not the list
    r"\b(?:job|work[- ]order|repair[- ]order|intake|check-?in|order) (?:sheets?|paperwork|forms?)\b"
)
ORDER_WORDS = r"\b(orders?|jobs?|wos?|ros?)\b"
# An order's own sheet, named by whose it is ("the sheet for Luis Quinn's rush job", "Crabby Mango's job sheet").
ORDER_SHEET_OF = (
    r"\bsheets?\b|\b(?:on|in) the paperwork\b|\bpaperwork (?:for|on|of)\b|"
    r"\b(?:job|work[- ]order|repair[- ]order|intake|check-?in) forms?\b"
)
# What only an order's sheet holds, no field of its record: who works on it, its wash bay, what was found on it.
SHEET_FIELDS = (
    r"\b(?:which|what|who(?:'s| is)?(?: the)?) (?:tech|technician)s?\b|\bwash bays?\b|"
    r"\b(?:which|what) bay\b|\bpre-?inspection\b|\b(?:inspection|intake) notes?\b|\bvalance drop\b"
)
SHEET_ASKED = f"{ORDER_SHEET_OF}|{SHEET_FIELDS}"  # an order's sheet, or what only it holds
# An order's sheet named in the asking sentence ("the crabby mango sheet: valance drop?"), not "the loan
# paperwork" of a preamble or "send their paperwork to": the sheet answers.
SHEET_NAMED = r"\bsheets?\b"
# "the order with the seahorse valance": one order described, so records, not the price list
# How one job is coming along ("where are we on the cover for ...?"): an order asked after, never stock.
ORDER_PROGRESS = (
    r"\b(?:where are we (?:on|at|with)|how(?:'s| is| are) (?:[\w'-]+ ){0,6}coming(?: along)?|"
    r"what(?:'s| is) happening with|any news on)\b"
)
# An order found by what its notes say ("which job said to phone Fiona once it was done?"): a search.
SAID_ON_ORDER = (
    r"\b(?:which|what) (?:job|order|ticket|work order|repair order)(?:'s (?:note|notes|instructions))? "
    r"(?:said|says|say|asked|asks|ask|wanted|"
    r"wants|mentioned|mentions|noted|notes|had a note)\b"
)
ONE_ORDER = r"\b(?:order|job|work order|repair order|ticket)s? (?:with|for) (?:the|a|an|that|those)\b"
LISTY = r"\b(which|list|show|how many|number of|count|are there|what (?:orders|work orders|repair orders|jobs))\b"
CONTACT_ANY = r"\b(contact|reach|get (?:in )?touch|on file|details for)\b"
CONTACT_WORDS = {
    "phone": r"\b(phone|fone|call|call-?backs?|number|telephone|tel|cell|mobile|ring|ph ?#|ph\.?)(?=\W|$)",
    "email": r"\b(e-?mail)\b",
    "contact": r"\b(contact (?:person|name)|who(?:'s| is) (?:the|our|their) (?:main )?contact|contact (?:at|for)|"
    r"who (?:do|should|can|would) (?:i|we) (?:talk|speak|ask)|point of contact|person we deal with|"
    r"contact (?:over |out )?at|"
    r"who runs)\b",
    "address": r"\b((?<!e-mail )(?<!email )address|directions?|located|location|where (?:is|are) (?:they|it)|mailing|"
    r"street|pick ?-?up from|"
    r"where(?:'s| is| are) (?:the )?(?:[\w'&-]+ ){1,6}?(?:place|premises|based|site)|"
    r"where do (?:we|i) (?:pick up|go|drive|deliver))\b",
    "city": r"\b(city|town|which city)\b",
    "zip": r"\b(zip|zip ?code|postal code|postcode)\b",
    "territory": r"\b(territory|region|area|zone)\b",
    "source": r"\b(source|lead source|find us|found us|find out about us|found out about us|"
    r"(?:hear|heard|learn|learned|learnt) (?:about|of) us|referr(?:al|ed))\b",
    "notes": r"\b(notes?|anything (?:i|we) should know|heads[- ]up)\b",
}
# What the shop works on, by the names staff give it: "does Harbor View have a bimini in?" asks about their orders.
ITEM_NOUNS = (
    r"\b(?:awnings?|canop(?:y|ies)|covers?|cushions?|curtains?|umbrellas?|sails?|shades?|biminis?|enclosures?|"
    r"valances?|tarps?|screens?|panels?|pergolas?|gazebos?|tents?|flags?|banners?|dodgers?|boats?|cabanas?|"
    r"drapes?|pillows?|slings?|chairs?|furniture|windscreens?|tops?|windows?|doors?|fabrics?|canvas|zippers?|"
    r"grommets?|seams?|pieces?|items?|things?|stuff)\b"
)
# Asked of a customer, what their orders answer: "anything from them", "what's the story with them", "their history".
ORDERS_OF_CUSTOMER = (
    r"\b(?:any|some|every|no)(?:thing|one)|\b(?:story|deal|latest|situation|update|news|status|history|rundown|"
    r"lowdown|account|business|work|going|happening|here|in|up|new|on|got|gotten|have|has|had|doing|left|"
    r"sitting|waiting)\b"
)
# Something asked of a customer by name that is no field of theirs ("does Harbor View Marina have a dog?",
# "what's Tamara Thomas's credit score?", "what's the gate code at Sunny Anchor?", "is Gulf Breeze tax exempt?"),
# read with the name blanked out: only their notes can hold it.
MORE_THAN_ONE = r"(?:another|a second|second|more than one|two|several|other|extra)"
_NO_ATTRIBUTE = r"(?:at|in|on|with|for|of|to|from|here|there|now|today|too|also|we|you|they|i|he|she|it|that|which|who)"
_ATTRIBUTE = rf"[a-z][a-z'-]*(?: (?!{_NO_ATTRIBUTE}\b)[a-z][a-z'-]*)?"
ATTRIBUTE_ASKED = (
    r"\b(?:does|do|did|has|have)\b(?:\s+they|\s+the)?\s+(?:have|own|run|keep|got|use)\s+(?:a|an|any|some)?\s*"
    rf"(?P<owned>(?:{MORE_THAN_ONE} )?{_ATTRIBUTE})|"
    rf"^\W*what(?:'s| is| was| are| were)\s+(?:the |their |its |his |her )?(?P<their>{_ATTRIBUTE})"
    r"\s*(?:(?:at|of|for|on|with)\b[^?]*)?\W*$|"
    rf"^\W*(?:is|are|was|were)\s+(?:the\s+)?(?:a |an )?(?P<being>{_ATTRIBUTE})\s*\W*$|"
    # a person asked by their role there ("the dock master's name at ...", "who's the manager at ..."): the
    # record holds one contact, not who holds which post
    rf"^\W*(?:what(?:'s| is| was)\s+(?:the |their )?(?P<role>{_ATTRIBUTE})'s name|who(?:'s| is| was)\s+(?:the |their )"
    rf"(?P<post>{_ATTRIBUTE}))\s+(?:at|of|for|with|over at|down at)\b"
)
# "how many days of free storage" counts days, not orders
HOW_MANY = (
    r"\bhow many\b(?! (?:more )?(?:days?|hours?|weeks?|months?|years?|minutes?|miles?|feet|inch(?:es)?|"
    r"yards?|yds?|spools?|rolls?|gallons?|times?|percent)\b)"
)
ORDER_FIELD_WORDS = {
    "status": r"\b(status|state|where is|progress|stage|done yet|ready yet|finished yet|part of the process|"
    r"where in the process)\b",
    "instructions": r"\b(special instructions?|instructions?|notes?|handled?|handling|wants?|requests?|asked|asks? for|"
    r"where (?:were|are|do|did|should|was) (?:we|i|the crew) (?:supposed to |meant to |to )?(?:pick (?:it|them) up|"
    r"collect (?:it|them)|deliver (?:it|them)|drop (?:it|them) off)|"
    r"ask(?:ed)? (?:us|you|me|them) to|"
    r"preferences?|wishes|write|wrote|written|said|say|"
    r"anything (?:i|we|the crew|they|you) (?:should|need to|ought to|must) know|heads[- ]up|watch out for|"
    r"be aware of)\b",
    "items": r"\b(items?|what(?:'s| is) on|contents|pieces|what's in|shape|condition|"
    r"how many \w+(?: \w+)? came)\b|"
    rf"{HOW_MANY} \w+(?: \w+)? (?:does|do|did|is|are|was|were|on|in)\b",  # "how many cushion covers does it show"
    "total": r"\b(total|cost|price|how much|amount|charge|bill)\b",
    "dates": r"\b(due|when|date|required|promised|came in)\b",
    "completed": r"\b(complet(?:ed|ion)|finish(?:ed)?|closed out|picked up)\b",
    "repairs": r"\b(repairs? (?:are )?needed|what repairs|what(?:'s| is) wrong|repair description|fix|problems?|"
    r"issues?|damage)\b",
    "customer": r"\b(customer|who (?:is|was) it for|whose|who owns)\b",
    "territory": r"\b(territor(?:y|ies)|which (?:area|region|route))\b",
    # days counted from today: late, left before it is due, since it came in
    "days_late": r"\bdays? (?:\w+ ){0,3}(?:late|overdue|past (?:its |the )?(?:due|promised?)(?: date)?|behind)\b|"
    r"\bhow (?:late|overdue|far behind) is\b",
    "days_left": r"\bdays? (?:\w+ ){0,5}(?:left|remaining|to go|until|till|before (?:it'?s|it is|it's) due)\b|"
    r"\bhow long (?:until|till|before) (?:it'?s |it is )?due\b",
    "days_in": r"\bdays? (?:[\w'-]+ ){0,5}(?:since (?:it )?(?:came|come|was dropped|got dropped|was checked|checked)|"
    r"with us|in the shop|in house|waiting|sitting|did (?:it|[\w-]+) take|(?:has|did) (?:it|[\w-]+) (?:take|took))\b|"
    r"\bfrom drop-?off to (?:done|finish|finished|completion|completed|pickup)\b|"
    r"\bhow long has (?:it|that|this|the \w+|\w+-\d+) been (?:here|with us|in the shop|waiting|sitting)\b",
    "contact": r"\b((?<!on the )(?<!over the )phone|e-?mail|contact|call|reach)\b",  # "the customer on the phone ..."
    "summary": r"\b(summar(?:y|ize|ise)|details?|tell me about|everything|overview|look up|pull up)\b",
}
SEARCH_STOPWORDS = frozenset(
    "a an the of for to in on at by with and or is are was were be been what what's whats which who whom "
    "how do does did we our us i me my you your it its this that these those there their they please "
    "can could would should will find show tell give list number job order orders work".split()
)

# The intent rules' own cues.
COUNTING = rf"{HOW_MANY}|\bnumber of\b|\bcount\b"
COUNTING_ANY = rf"{HOW_MANY}|\bnumber of\b|\bcount\b|\bsize of\b|\bhow big\b|\btotal number\b"
SPENDING = r"\b(spent|spends?|spending|spenders?|paid|pays|revenue)\b"
CUSTOMER_WORDS = r"\b(customers?|custs?|clients?|accounts?)\b"
CAME_FROM = r"\bhow much (?:came|comes|come|did we get|was) (?:in )?from\b"
REVENUE_NAMED = r"\b(revenue|sales(?! tax)|income|takings|turnover|earnings)\b"
REVENUE_STRONG = (
    r"\b(revenue|takings|sales(?! tax)|income|earn(?:ed|ings)?|money|brought in|took in|turnover|gross(?:ed)?|"
    r"total take|"
    r"(?:did|does|do) (?:[\w'-]+ ){1,4}turn over|billed|how much)\b"
)
STORED_AT = r"\b(stored|kept|at|on|in)\b"
# what an order's record says in words (its inspection, its measurements): a search, not a field of the order
ORDER_RECORD_WORDS = (
    r"\b(technician|tech|wash bay|bay|inspection|inspected|measured|measurements?|dimensions?|"
    r"paperwork|check-?in|checked in|intake|noted|noticed?|hangs?|valance drop)\b"
)
WORKS_FOR = (
    r"(?<!in the )\bwork(?:s|ing)? (?:for|at|with)\b|\bemployer\b|"
    r"\bwhich (?:customer|company|business|account)\b"
)
# The price of a service ("how much for a shade cloth sail cleaning?"): the price list, not the stock of the fabric.
SERVICE_PRICE = (
    r"\b(?:how much(?: is it| does it cost| do we charge| would it cost| will it cost)?|costs?|prices?|"
    r"charges?|rates?) (?:to|for|of) (?:\w+ ){0,5}?(?:clean|wash|repair|sew|restitch|treat|replace|"
    r"install|put in|fit|swap|take down|reinstall)\w*|"
    r"\b(?:clean|wash|repair|sew|restitch|treat)\w* (?:\w+ ){0,3}?(?:costs?|prices?|charges?|rates?)\b"
)
# What a service would cost, asked any other way ("how much would it run us to get an umbrella washed", "what
# would a customer pay to have a cover cleaned"): the price list's, never a record's "best match".
SERVICE_QUOTE = (
    r"\bhow much (?:would|will|should|does|do|is|are|to|for)\b"
    r"(?! (?:we|they|you) (?:have|got|stock|keep))|"
    r"\bwhat (?:would|will|do|does|should) (?:a |the |our )?(?:customers?|clients?|we|they|it|you|i) "
    r"(?:pay|charge|get|cost|quote|bill)\b|\brun (?:us|them|a customer|the customer)\b|"
    r"\bwhat (?:does|do|would|will) (?:an? |the |one )?(?:[\w-]+ ){1,4}?(?:cost|run)\b"
)
# The price of one job done ("how much did we charge for the seahorse valance job"): that order's total.
PAST_ORDER_PRICE = (
    r"\b(?:did (?:we|they|it|he|she) (?:charge|pay|cost|bill)|"
    r"(?:was|were) (?:the|their|its) (?:total|bill|price|charge))\b"
)
STOCK_ASKS = r"\b(how (?:many|much)|where|price|priced|have|stock|left|got|count|total|kept|stored|location)\b"
WHICH_ONES = r"\b(what(?:'s| is)?|which|list|show|anything|any)\b"
# Closed orders let into a count rather than asked for ("cancelled ones included", "counting cancelled").
STATES_INCLUDED = (
    r"\b(?:(?:including|incl\.?|counting|with|plus) (?:the |any )?(?:cancell?ed|completed|closed)"
    r"(?: ones| orders| jobs)?|(?:cancell?ed|completed|closed) (?:ones |orders |jobs )?(?:included|"
    r"too|as well|counted))\b"
)
# Closed orders left out of open ones, said again ("not completed yet - leaving out the cancelled ones"): read.
CLOSED_LEFT_OUT = (
    r"\b(?:leave out|leaving out|left out|not counting|not including|excluding|except(?: for)?|without|minus|"
    r"take out|taking out|but not|ignoring|ignore|leave off|leaving off|skip|skipping|drop|dropping)\s+(?:the |any )?"
    r"(?:(?:(?:ones?|orders?|jobs?|tickets?) )?(?:that|which) (?:got|were|are|have been|was) )?"
    r"(?:cancell?ed|completed|closed|finished)"
    r"(?: ones| orders| jobs)?\b|\b(?:cancell?ed|closed) (?:ones |orders |jobs )?(?:don't|do not) count\b"
)
# What a question takes in beside what it asks for ("late, including anything that's ready"; "leftovers
# included"): the words after it name no filter.
WIDENING = (
    r"\b(?:including|incl\.?|inclusive of|along with|as well as)\b[^,;:?!]*|"
    r"[^,;:?!()]*\b(?:counts|count too|(?:is |are )?included)\b(?=\s*[,;:?!)]|\s*$)"
)
# An order kind left out by name ("just the repair tickets, not the cleanings"): the other kind is meant.
KIND_LEFT_OUT = (
    r"\b(?:not|no|except|excluding|without|but not|other than|rather than|minus)\s+(?:the |any |their |"
    r"his |her )?(?:cleanings?|cleaning (?:orders?|jobs?|tickets?)|work orders?|wos|repairs|"
    r"repair (?:orders?|jobs?|tickets?)|ros)\b"
)
MY_TERRITORY = r"\bmy (territor(?:y|ies)|areas?|regions?|patch|customers|routes?)\b"
# How late an order is, bounded ("more than two weeks past the date we promised", "late by no more than 3 days").
_LATE_BOUND = r"(?P<bound>more than|over|at least|no more than|not more than|up to|within|less than|under|fewer than)"
_LATE_SPAN = rf"(?P<n>\d+|an?|{'|'.join(WORDS_TO_NUMBERS)})\s+(?P<unit>days?|weeks?|months?)"
LATE_BY = (
    rf"\b{_LATE_BOUND}\s+{_LATE_SPAN}\s+(?:or more\s+)?(?:late|overdue|behind|past (?:due|(?:the|their|its) "
    r"(?:promised |due |required )?(?:date|day)(?: (?:we|they) (?:promised|were promised|gave))?|the date (?:we|they) "
    r"(?:promised|were promised|gave)))\b",
    rf"\b(?:late|overdue|behind) by {_LATE_BOUND}\s+{_LATE_SPAN}\b",
)
# When orders came in ("jobs that came in last week"): a period of intake, which the records keep.
INTAKE = r"\b(?:came|come|coming|brought|dropped|taken|took|checked|received) in\b|\bdropped off\b"
RUSH = r"(?<!non-)(?<!non )\brush\b"  # not "non-rush", which no filter reads
# Rush asked of what a list holds in a yes/no clause after it ("which of their jobs are open, and is any of them
# rush?"): the list answers it with its Rush column, so it is no filter.
RUSH_CHECKED = (
    r"(?:,|\band\b)\s*(?:and\s+)?(?:is|are)\s+(?:any|either|one|some|they)\b(?:\s+(?:one|of them|of those|of these))?"
    r"\s+(?:a\s+|marked\s+|flagged\s+)?rush(?:ed)?\b"
)

# Words that change which records are counted or what is measured: negations, exclusions,
# comparisons, groupings, time relations, thresholds and the names of periods. They are the
# closed classes of English, so the list is short and complete where a list of topics never
# is. A question that holds one no cue of its intent read is declined ("unread"), not answered
# without it: "how many orders are not rush" must not count the rush ones.
MODIFIERS = frozenset(
    """
not non no never none nothing without except excluding exclude excludes besides other others else instead neither nor
unless aren't isn't wasn't weren't don't doesn't didn't haven't hasn't hadn't won't
than more less fewer most least compared compare comparing versus vs against same different difference between
also needed needing
each every per average avg mean median typical typically usually
before after since until till within earlier later early late longer shorter sooner ago first last recently recent
previous under over above below exceeding exceeds exceed monthly weekly daily quarterly yearly annual annually
day days month months week weeks year years quarter quarters half halves season summer winter spring autumn weekend
yesterday
tomorrow tonight january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday
""".split()
) | frozenset(
    """
damaged torn ripped frayed faded stained soiled dirty mildewed mouldy moldy wet worn defective broken flawed
discontinued clearance reserved expired opened unopened surplus excess returned waterproof fireproof
""".split()
)  # states of goods the records don't keep (stock is New, Used or Remnant): never silently dropped
# What a count or list of every order may say besides its nouns ("how many work orders do we have in total?");
# any other word there was meant as a filter no rule read ("came back from the wash and now need sewing").
UNFILTERED_FILLER = frozenset(
    """
have has had there total altogether overall together system file records record database currently ever
many much number count list show give tell please what which does did were they them their that this those these
right time moment been being would could should will with from into
""".split()
)
# Money asked of orders ("the dollar amount from completed cleanings"): a count of them is no answer.
ORDER_MONEY = frozenset("dollar dollars amount amounts revenue money worth value sum cash income sales".split())
# Words for an order's state or what happened to it ("waiting on pickup", "paid", "on hold"): a count or
# list of orders that holds one its status words did not read would count every order instead.
ORDER_STATES = frozenset(
    """
waiting awaiting pickup pick collected collection queue queued quote quoted quotes approval approve approved
started begun ready paid unpaid invoiced delivered installed hold held shipped returned booked estimate estimated
measured inspected signed sitting stuck parked abandoned unclaimed refunded disputed
""".split()
)
# Money that is not revenue ("sales tax", "deposit", "refunds", "labour cost"): a revenue answer to
# a question about one of these would be a different figure.
OTHER_MONEY = frozenset(
    """
tax taxes vat gst rate rates fee fees tip tips discount discounts deposit deposits refund refunds budget cost costs
expense expenses price prices commission commissions wage wages salary salaries rent bonus bonuses credit credits
debt balance balances owing owed outstanding unpaid receivable receivables cash payroll overhead
""".split()
)
# What was done with stock over time ("how much Sunbrella did we use last month"): stock is what is on hand now.
STOCK_MOVEMENT = frozenset(
    """
use uses using consume consumed consuming consumption sold sell selling sells bought buy buying purchase purchased
purchases ordered reorder reordered received delivered went usage
""".split()
)
# Stock's own measure ("price per yard") and the lack of a filter ("every material"), and conditions left out
# ("not counting remnants or used stock"): no condition filter on their own (new stock is asked for by "new").
STOCK_PER = (
    r"\bper[- ](?:yard|yd|unit|roll|box|gallon|gal|spool|foot|ft|piece)\b|"
    r"\b(?:count|add up|total(?: up)?|tally(?: up)?)\s+(?:up\s+)?(?:every|all|each)\b|"
    r"\b(?:every|all|any) (?:the )?(?:materials?|fabrics?|kinds?|types?|colou?rs?|conditions?)\b"
)
# Stock conditions taken in beside the others ("leftovers included", "counting the remnants"): every condition.
STOCK_INCLUDED = (
    r"\b(?:including|incl\.?|counting|with|plus|as well as|along with)\s+(?:the |any |all )?"
    r"(?:remnants?|offcuts?|scraps?|leftovers?|used)(?: ones| pieces| stock)?\b|"
    r"\b(?:remnants?|offcuts?|scraps?|leftovers?|used)(?: ones| pieces| stock)? "
    r"(?:included|too|as well|counted|and all|and everything|and such)\b|"
    r"\b(?:rolls?|bolts?|new)\s+(?:and|or|plus|&)\s+(?:remnants?|offcuts?|scraps?|leftovers?)\b|"
    r"\b(?:and|&)\s+(?:the|any|its|their)\s+(?:remnants?|offcuts?|scraps?|leftovers?)\b|"
    r"\b(?:remnants?|offcuts?|scraps?|leftovers?)\s+(?:and|or|plus|&)\s+(?:rolls?|bolts?|new)\b"
)
STOCK_EXCLUDED = (
    r"\b(?:not counting|except|excluding|without|no|not|ignore|ignoring|skip|skipping|leave out|"
    r"leaving out|minus) (?:the )?(?:remnants?|offcuts?|scraps?|used)"
    r"(?: (?:or|and|nor) (?:remnants?|offcuts?|scraps?|used))?(?: stock| ones| pieces)?\b"
)
# "In the fall": a season of no fixed dates ("fall" alone is a verb too, so only after a word for a time).
SEASON_FALL = r"\b(?:the|this|last|next|in|during|over|through|for) fall\b"
# Exclusions said in more than one word ("leave out the Harbor View ones", "apart from rush jobs").
EXCLUSIONS = (
    r"\b(?:leave out|leaving out|left out|apart from|aside from|other than|rather than|not counting|"
    r"not including|take out|taking out|minus|ignor(?:e|ing)|skip(?:ping)?|disregard(?:ing)?|don't count|"
    r"leav(?:e|ing)\s+(?:[\w&'.-]+\s+){0,5}?(?:out|off)|"
    r"do not count|excluding|except)\b"
)
# Grouping by a field of the records ("by status", "per territory", "grouped by customer"): a table of
# figures no single answer gives. The fields are the records' own, so the list is closed.
GROUPING = (
    r"\b(?:by|per|for each|grouped by|broken down by|split by|break(?:down)? by)\s+(?:customer|client|status|"
    r"territor(?:y|ies)|region|area|month|quarter|week|day|weekday|year|source|material|fabric|colou?r|type|"
    r"kind|city|state|zip|technician|tech|item)s?\b"
)
# Words that may stand between "how many"/"which"/"what" and what is asked about, and the nouns that name
# orders: another plural there ("how many cushions", "which customers") asks about something else.
ASKED_ABOUT = r"\b(?:how many|which|what)\s+((?:[a-z']+\s+){0,3}[a-z']+)"
ORDER_HEADS = frozenset(
    """orders jobs tickets wos ros repairs cleanings ones things pieces works stuff drop-offs times
wo's ro's does has was is its this his us as plus yours ours theirs hers those these needs goes comes remains sits
gets falls stays happens counts means shows says looks seems""".split()
)
# Words ending in -est that are no superlative (superlatives are modifiers too: "the oldest order").
NOT_SUPERLATIVES = frozenset(
    "best latest interest request west nearest test guest honest modest forest harvest manifest suggest contest".split()
)
# A negated order state ("not started", "haven't been picked up", "aren't done"): the status words read it.
NEGATION_WORDS = (
    r"\b(?:not|never|aren't|isn't|haven't|hasn't|weren't|wasn't|hadn't|didn't|don't|doesn't)\b"
    r"(?:\s+(?:yet|been|be|even|got|gotten|had|really))*\s+"
)
NEGATED_STATE = (
    NEGATION_WORDS + r"(?:started|begun|done|finish(?:ed)?|completed|quoted|approved|picked up|collected|"
    r"ready|cleaned|washed|repaired|fixed|touched|closed|put|worked on|wrapped up|"
    r"finali[sz]ed)\b|"
    r"\bwithout being (?:finished|done|completed|picked up|collected)\b|"
    r"\bbut (?:aren't|isn't|are not|is not|haven't|hasn't)\b(?=\s*(?:[?.!]|$))"
)
# Modifier words in phrases that modify nothing: "I mean", "over in Coastal", "every order", "today" as things stand.
# A clause that sets the scene before the question ("Before I cut into new stock - how many yards ...").
PREAMBLE_CLAUSE = r"^(?:before|after|while|since|because|once|as) (?:i|we) [^,;:?–—-]*[,;:–—-]"
IDLE_PHRASES = (
    r"\bi mean\b|\bsince (?:they|it|that|those) (?:came|come|got|were|was) (?:in|dropped off|"
    r"brought in)\b|\b(?:the )?(?:oldest|newest|latest|earliest|most recent|most overdue|most late|"
    r"biggest|largest|smallest)(?: ones?)? (?:first|last|on top|at the top)\b|\b(?:sorted|ordered|"
    r"sort(?: them)?|order(?: them)?|arranged|ranked) by (?:\w+ ){0,2}\w+\b|\b(?:the )?month of\b|"
    r"\bend of (?:the )?day\b|\b(?:phone|ph|tel|fax) no\b|\bover (?:in|at|there|here)\b|"
    r"\b(?:today|tonight|now|right now|currently|at the moment)\b|"
    r"\bevery (?:single )?(?:\w+ )?(?:orders?|jobs?|tickets?|wos?|ros?)\b|"
    r"\bevery (?:single )?one (?:we(?:'ve| have)?|they(?:'ve| have)?) (?:ever )?(?:had|done|brought|got|have)?"
    r"(?: (?:on file|on record|in the system))?\b|\b(?:from )?any year\b|\bof all time\b|"
    r"\b(?:called|rang|phoned|e-?mailed|texted|stopped by|came by) (?:in )?(?:earlier|before|yesterday|"
    r"this (?:morning|afternoon)|today|just now)\b|" + PREAMBLE_CLAUSE
)
KIND_WORDS = r"\b(?:clean(?:ing|ed|s)?|repairs?|repaired|wash(?:ing|ed)?|sewing|work orders?|either kind|both kinds?)\b"
# Revenue's own words for a split ("cleaning vs repair", "did we make more from cleaning or repairs").
SPLIT_WORDS = (
    r"\b(?:split|break(?: it)? down|breakdown|vs\.?|versus|by type|both|and|between(?= clean| repair))\b|"
    r"\b(?:more|less)\b(?=[^?]*\bor\b)"
)
RANKING_WORDS = (
    r"\b(?:(?:first|second|third|fourth|fifth|\d+(?:st|nd|rd|th))[- ](?:biggest|largest|best|highest|"
    r"top|most|place)|runner[- ]up)\b|\b(?:top|best|biggest|largest)\s*\w+\b|\b(?:most|highest|each)\b"
)
