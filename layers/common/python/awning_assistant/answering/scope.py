"""What the assistant does not do, said plainly instead of answering something else.

The assistant reads the shop's records and documents. It does not change them, predict, chat
about the world, write poems or translate, and it computes only the measures its answers are
built for: asked for an average or a share, a count or a total would be a confident wrong
answer. A question is declined when it is one of these, with the reason and, by the caller,
suggestions of what can be asked instead.

The cues are data (``DECLINE_CUES``): each reason with the phrases that show it. They are
speech acts and measures, not topics, which sentence embeddings can't tell apart ("what did we
make last month" and "what will we make next month" sit side by side in embedding space).
"""

from __future__ import annotations

import re
from typing import Literal

DeclineReason = Literal[
    "write_action",
    "forecast",
    "outside_shop",
    "not_recorded",
    "works_out",
    "creative",
    "translation",
    "unsupported_measure",
    "advice",
    "no_match",
    "ambiguous_customer",
    "unknown_customer",
    "not_theirs",
    "not_understood",
    "before_records",
]

# Verbs that change records. A question that starts with one (or asks someone to do it) is a
# request to act, which the assistant can't do: it only reads. Read verbs (show, list, find,
# count, tell, give) are not here, nor verbs that are also nouns of questions ("order",
# "record", "log", "charge"); "email", "text" and "call" are, only with a message to pass on.
_CHANGE = (
    r"change|update|set|mark|move|cancel|delete|remove|erase|add(?! up\b)|create|open a new|make a new|book|"
    r"schedule|reschedule|assign|reassign|close|reopen|approve|reject|refund|edit|rename|enter|put|archive|"
    r"void|merge|transfer|reorder|restock|adjust|raise|lower|waive|upload|register|sign up|flag|unflag|"
    r"order (?:\d{1,3}(?!\d)|some|a few|another|more|extra)|bump|refund|"
    r"push back|postpone|delay|extend|bring forward|move up|bump|prioriti[sz]e|expedite|log|record|"
    r"make (?:(?:wo|ro)[- ]?\d+|it|this|that|them)|(?:take|knock|subtract|deduct) (?:\S+ ){0,3}off|order more|"
    r"buy|purchase|clear(?: out)?|purge|wipe|clean out|"
    r"split (?:(?:wo|ro)[- ]?\d+|it|this|that|the (?:order|job))"
)
_ASKING = (
    r"(?:please\s+|pls\s+|kindly\s+)?(?:(?:can|could|would|will)\s+(?:you|u|ya)\s+(?:please\s+|kindly\s+|just\s+)?"
    r"(?:be able to\s+)?|"
    r"go ahead and\s+|(?:is it possible|would it be possible) (?:for (?:you|u) )?to\s+|are (?:you|u) able to\s+|"
    r"(?:any chance|is there (?:any|a) way) (?:(?:you|u) (?:could|can)(?: just)?|to)\s+|"
    r"i (?:want|need|would like|'d like) (?:you )?to\s+|let'?s\s+|we need to\s+|help me\s+)?"
)
# A job's own figures to apply a price list's rates to: a size given as two sides, or a count of what is
# charged per piece, per hour or per week.
_QUANTITY = (
    r"\b(?:half an hour|a half[- ]hour|an hour and a half|(?:a|one) (?:whole|full|entire) (?:year|month|week|day))\b|"
    r"\b\d+(?:\.\d+)?\s*(?:ft|feet|foot|'|in|inch(?:es)?|m)?\s*(?:by|x|×)\s*\d+(?:\.\d+)?\b|"
    r"\b(?:(?:\d+|two|three|four|five|six|seven|eight|nine|ten|a couple of|several)(?: and a half)?\s+(?:more\s+)?"
    r"(?:\d+[- ](?:foot|ft|feet)\s+)?|(?:one|a single)\s+\d+[- ](?:foot|ft|feet)\s+)(?:market\s+|patio\s+|window\s+)?"
    r"(?:new\s+|clean\s+)?(?:hours?|hrs?|grommets?|zippers?|awnings?|panels?|cushions?|lbs?|pounds?|snaps?|"
    r"umbrellas?)\b|"
    r"\b\d+\s+(?:days?|weeks?|months?)\s+ago\b|\bover\s+\d+\s+(?:weeks|months)\b|"
    r"\b\d+(?:\.\d+)?\s*(?:square feet|square foot|sq\.? ?ft|sf)\b"
)
_TOTAL_ASKED = (
    r"\bwhat(?:'s| is| would be| will be) (?:the |that )?(?:[\w/-]+ ){0,3}(?:charge|price|cost|total|bill)\b|"
    r"\bwhat(?:'s| is) that (?:per|on|at|by)\b|\bincluding the\b|\bso far\b|"
    r"\bhow much (?:\w+ ){1,2}(?:for an?|do we charge|would|will|does)\b|"
    r"\bwhat (?:do|would|will|should) (?:we|you|i) (?:\w+ )?(?:charge|bill|ask|invoice)\b|"
    r"\bwhat would (?:[\w-]+ ){0,3}(?:run|cost|come to)\b|"
    r"\bhow much (?:gets|is|will be|would be|do we|should we|to) add(?:ed)?\b|"
    r"\bballpark\b|\b(?:from|off|per|according to) the price list\b|"
    r"\b(?:come to|comes to|add up|adds up|total|altogether|in all|all (?:three|four|of them)|what would (?:it|that|"
    r"they|this) (?:cost|be|run)|how much (?:would|will|does|do|is|are|has|have|should|did)|owe|built up|charge for|"
    r"list[- ]price|at list|on the price list|price for|cost|fee for|(?:charge|price) to|"
    r"how many (?:gallons|quarts|bottles|cans|yards|hours))\b"
)
DECLINE_CUES: dict[DeclineReason, tuple[str, ...]] = {
    # a price or a fee applied to one job's figures: the rates are the documents', the sum is not stated anywhere
    # (not an order's own total: a question naming an order asks the records)
    "works_out": (
        r"^(?!.*\b(?:wo|ro)[- #]?\d)(?=.*\b(?:list|price|policy|rate|charge|fee|cost|owe|surcharge|storage|"
        r"gallons?|repellent|solution|invoice|bill|ticket|quote)\b)"
        rf"(?:.*(?:{_QUANTITY}).*(?:{_TOTAL_ASKED})|.*(?:{_TOTAL_ASKED}).*(?:{_QUANTITY}))",
    ),
    # the shop's own doings the records don't keep: no document answers for them either
    "not_recorded": (
        # who works when: the staff's schedules are kept elsewhere
        r"\b(?:scheduled|rostered) to work\b|\bwhat hours (?:is|are|does|do|did)\b[^?.]*\bwork(?:ing)?\b|"
        r"\b(?:is|are) (?:\w+ ){1,3}working (?:next|this week|today|tomorrow|on)\b|\bwhen is (?:\w+ ){1,3}working\b",
        # deposits taken, miles driven, what people earn: none of it is in the records
        r"\b(?:did|has|have)\b[^?.]*\b(?:pa(?:y|id)|put down|leave|left|collect(?:ed)?|take|took|get|got)\b[^?.]*"
        r"\bdeposits?\b|\bhow (?:many|much) (?:miles|mileage|gas|fuel)\b[^?.]*\b(?:did|does|has|have)\b|"
        r"\bsalar(?:y|ies)\b|\bwages?\b|"
        r"\bwhat (?:do|does|did) (?:we|they|\w+) (?:pay|earn|make) (?:per|an|a) (?:hour|year)\b",
        # who supplies the shop, how a customer paid, what the crew did: none of it is in the records
        r"\b(?:company|companies|firm|who|which \w+) (?:that |who )?suppl(?:y|ies|ied)\b|"
        r"\bwho (?:do|did) we (?:buy|get|order|source)\b[^?.]*\bfrom\b|"
        r"\bpa(?:y|id|ying)\b[^?.]*\bby (?:card|credit|check|cheque|cash|zelle|venmo)\b|\bpayment method\b|"
        r"\bhow (?:many|much)\b[^?.]*\b(?:did|does|do|has|have) (?:our |the )?(?:crew|techs?|technicians?|staff|team|"
        r"installers?|guys)\b",
        # whether a customer has paid, and what they still owe: payments are kept elsewhere
        r"\b(?:has|have|did)\s+[\w' ]{1,40}?\bpaid\s+(?:for|the|their|yet|up|off)\b|\bpaid (?:yet|up)\b|"
        r"\bis there (?:a|any) balance\b|\bbalance (?:due|owed|owing|left|remaining|outstanding)\b",
        # fields an order doesn't have: purchase-order numbers, photos, the hour it came in or went out
        r"\b(?:po|p\.o\.|purchase[- ]order) (?:number|no\.?|#)|\bpurchase[- ]order\b|"
        # (photos asked to be seen, not ones someone wants to send; the hour something happened, not one to plan)
        r"\b(?:show|see|view|pull up|open|find|look at|have|got|any|are there)\b(?: me| us)?"
        r"(?: the| any| our| those| their)?(?: before| after| before-and-after| before and after)?"
        r" (?:photos?|pictures?|pics?|images?|snapshots?)\b|"
        r"\bwhat time(?: of (?:the )?day)? (?:did|was|were)\b[^?.]*\b(?:drop(?:ped)? (?:it |them )?off|"
        r"pick(?:ed)? (?:it |them )?up|c[ao]me in|brought|deliver(?:ed)?)\b|"
        # tax charged on an order: totals are kept, the tax in them is not
        r"\bhow much (?:sales )?tax (?:was|did|is|were|do|does)\b|"
        r"\b(?:sales )?tax (?:was |is |we )?(?:on|for|charged on|collected on) (?:wo|ro)[- #]?\d+|"
        r"\b(?:sales )?tax rates?\b",
        # who drove or delivered, who is on the rota, insurance, the hour something happened: kept elsewhere
        r"\b(?:which|what|who(?:'s| is| was)?) (?:delivery )?(?:driver|delivery (?:person|guy|man))\b|"
        r"\bwho(?:'s| is| was| will be)? driv(?:ing|es|e)\b|"
        r"\bwho (?:was|is|were|'s) (?:on|at|working|behind|manning) (?:the )?(?:front )?(?:counter|desk|register|"
        r"phones?)\b|"
        # a colour of a repair order's items: its lines hold material, quantity, hours and parts, no colour
        r"\bcolou?rs?\b[^?.]*\bro[- #]?\d+|\bro[- #]?\d+\b[^?.]*\bcolou?rs?\b|"
        # a customer's tax and company ids: the record holds contact details, not these
        r"\b(?:ein|tax (?:id|identification)(?: number)?|w-?9|federal (?:id|tax id)|employer id)\b|"
        # discounts given: an order keeps its total, not how it was reached
        r"\bwhat discounts? (?:did|have|has|do|does)\b|\bdiscounts? (?:did|have|has) (?:we|they|you) (?:give|gave|"
        r"given|get|got|gotten)\b|"
        # what someone said on a call
        r"\bwhat did (?:[\w'.-]+ ){1,4}(?:say|tell (?:us|you|me)|want|ask for)\b[^?.]*\b(?:rang|rung|called|phoned|"
        r"emailed|texted|stopped by|came by|was in)\b|"
        # whether a message went out ("did the quote email for RO-2291 actually go out?")
        r"\b(?:did|has|have) (?:the |our |that |their )?(?:\w+ )?(?:e-?mail|text|message|letter|invoice|reminder)s? "
        r"(?:[\w'-]+ ){0,5}(?:go out|gone out|went out|get sent|got sent|been sent|reach|get through)\b|"
        # when an order moved from one status to another: the records keep no history
        r"\b(?:when|what (?:date|day|time))\b[^?]*\b(?:did|does)\b[^?]*\b(?:move|change|switch|go|get moved)\b "
        r"(?:from|to|into|over)\b|"
        r"\bwho(?:'s| is| are)? (?:on|working) (?:the )?(?:schedule|rota|roster|shift)\b|"
        r"\bon the (?:schedule|rota|roster) (?:for|this|next|today|tomorrow)\b|"
        r"\binsurance (?:claims?|payouts?|compan(?:y|ies)|adjusters?|money)\b|\binsurers?\b|"
        # when a status was set ("on what date was WO-11103 moved to ready?"): the records keep no history
        r"\b(?:when|what (?:date|day|time))\b[^?]*\b(?:was|were|did|got)\b[^?]*\b(?:moved|changed|switched|set|"
        r"marked|put|flipped|updated) (?:to|as|into|over to)\b|"
        # drop-offs and pickups booked ahead ("rush drop-offs booked in for Friday"): no calendar is kept
        r"\b(?:drop-?offs?|appointments?)\b[^?]*\bbooked\b|"
        r"\b(?:file|filed|make|made|submit(?:ted)?) (?:an? )?insurance\b|"
        r"\b(?:did|was|were|has|have)\b[^?.]*\b(?:before|after|around) \d{1,2}(?::\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.|"
        r"o'clock)\b",
        # fields no record has: a fax line, the name of a customer's boat or pet, how often someone called, who
        # took an order in at the counter, whether a cheque cleared
        r"\bfax (?:number|no\.?|#|line)s?\b|"
        r"\bwhat(?:'s| is| was) (?:the )?(?:name of (?:[\w'&.-]+ ){0,5}?(?:boat|vessel|yacht|dog|pet|cat)|"
        r"(?:[\w'&.-]+ ){0,5}?(?:boat|vessel|yacht|dog|pet|cat)'?s name)\b|"
        r"\b(?:boat|vessel|yacht|dog|pet|cat) (?:is )?(?:called|named)\W*$|"
        r"\bhow (?:many times|often) (?:has|have|did|does|do)\b[^?.]*\b(?:call(?:ed)?|phon(?:e|ed)|rang|ring|"
        r"e-?mail(?:ed)?|text(?:ed)?|(?:come|came|stopped|stop) (?:in|by))\b|"
        r"\b(?:who|which (?:of (?:our|the) )?(?:people|person|staff|employees?|guys?|one of us|team members?))\b"
        r"[^?.]*\b(?:took|take|takes|checked|check|signed|sign|logged|booked|wrote) (?:[\w-]+ ){0,3}?in\b"
        r"(?:[^?.]*\bat the (?:front )?(?:counter|desk)\b)?|"
        r"\b(?:cheque|check)s?\b[^?.]*\b(?:cleared|clear) the bank\b|"
        r"\b(?:cheque|check)s? (?:for|from|on) (?:[\w'&.#-]+ ){1,6}?(?:cleared|clear|bounced?)\b|"
        # a person's own life, and what passed between people: a customer record holds a business's contact details
        r"\bbirthdays?\b|\bdate of birth\b|\b(?:wedding )?anniversary\b|\bgratuit(?:y|ies)\b|"
        r"\btip(?:ped|s)? (?:the |our |their )?(?:delivery )?(?:driver|crew|installers?|techs?|technicians?|guys)\b",
        # who took a call or a booking, who referred someone, how a past order was paid, why someone did what they
        # did, whether a customer is happy: what passed between people is not in the records
        r"\bwho (?:took|answered|handled|picked up|logged|entered|wrote up|processed) (?:the |that |their |this )?"
        r"(?:call|phone|phone call|booking|order|job|request)\b|\bwho (?:referred|recommended)\b|"
        r"\breferred (?:them|him|her) (?:to us|by)\b|\bhow did (?:[\w'&.-]+ ){1,6}pay\b|"
        r"\bwhy (?:did|does|do|has|have|hasn't|haven't|didn't|was|were|is|are) (?:[\w'&.-]+ ){1,6}"
        r"(?:cancel(?:l?ed)?|stop(?:ped)?|leave|left|complain(?:ed)?|switch(?:ed)?|choose|chose|pick(?:ed)?|come|came|"
        r"order(?:ed)?|want(?:ed)?|decline[ds]?|refuse[ds]?)\b|"
        r"\b(?:is|are|was|were|seem|seems)\b[^?.]*\b(?:happy|satisfied|pleased|unhappy|upset|annoyed|angry|"
        r"dissatisfied)\b|\bcustomer satisfaction\b|"
        # what a customer is like, rather than what they brought in: "their favourite colour", "a customer how long"
        r"\bfavou?rite\b|"
        r"\bhow long (?:has|have) (?:[\w'&.-]+ ){1,6}been (?:a |an |our )?(?:customer|client|account)s?\b|"
        # a maker's or another company's own terms ("what does Sunbrella's own fabric warranty cover?")
        r"\b[\w&.-]+'s own (?:\w+ )?(?:warranty|guarantee|policy|policies|terms|prices?|rates?)\b|"
        r"\bmanufacturer'?s'? (?:warranty|guarantee|policy)\b",
        # what another business charges ("what does Sarasota Canvas Works charge to clean a bimini?"): the price
        # list is the shop's own, so no document answers in its place
        r"\bwhat (?:does|do|did|would|will) (?!(?:we|you|u|our|us|they|it|that|this|he|she|i|the shop|the store|"
        r"the (?:price )?list|the policy|the price)\b)(?:[\w'&.,-]+ ){1,7}(?:charge|quote)\b(?! (?:us|me)\b)",
        # ours set against another's ("cheaper than Suncoast Awning's prices", "stack up against what X charges")
        r"\b(?:than|against|versus|vs\.?|compared (?:to|with)|next to)\s+(?:what\s+)?"
        r"(?!(?:we|our|us|last|this|that|the|a|an|\d+|clean\w*|repair\w*|wash\w*|basic|standard|deluxe|"
        r"premium|regular|rush)\b)(?:[\w'&.,-]+ ){1,6}?(?:charges?|prices?|rates?|quotes?|fees?)\b",
    ),
    "outside_shop": (
        r"\b(?:what(?:'s| is| will be) the weather|how(?:'s| is) the weather|weather (?:today|tomorrow|this week|"
        r"this weekend|forecast|like)|will it rain|is it (?:going to|gonna) rain)\b",
        r"\b(?:capital of|president of|population of|prime minister|governor of|mayor of|senators? (?:of|for)|"
        r"super bowl|world cup|world series|"
        r"share price|stock market|nasdaq|dow jones|bitcoin|crypto(?:currency)?|recipe for|song lyrics|horoscope|"
        r"meaning of life|parent company|who invented|tell me about the (?:history|origins?|invention))\b|"
        r"\bhow (?:do|to|can) (?:i |you |we )?(?:bake|cook)\b",
        r"\b(?:python|javascript|sql query|regex|excel formula|code)\b.*\b(?:write|script|program|function)\b",
        r"\b(?:write|script|program)\b.*\b(?:python|javascript|code)\b",
        # systems the assistant can't see: the bank, shipping, payroll
        r"\b(?:bank|checking|savings|business) (?:account|balance)s?\b|\baccount balance\b|\bbalance on our\b|"
        r"\btracking (?:number|info|code)\b|\b(?:shipment|shipping status|fedex|ups|usps)\b|\bquickbooks\b|"
        r"\bcredit card (?:statement|balance|bill)\b|\btax(?:es)? (?:return|owed|bill)\b",
        r"\b(?:new|unread) (?:e-?mails?|messages|voicemails?|texts?)\b|\binbox\b|"
        r"\b(?:e-?mails?|texts?|messages?|invoices?|letters?|quotes?|reminders?) (?:we|i|you|they) (?:sent|e-?mailed|"
        r"mailed|texted)\b|\b(?:opened|read|clicked|seen) (?:the|our|my|that) (?:\w+ )?(?:e-?mail|text|message|"
        r"letter)\b|"
        r"\b(?:any|my|our|check(?: the)?|listen to(?: the)?) voicemails?\b|"
        r"\b(?:did|has|have) (?:anyone|anybody|someone|somebody|you|we)\b[^?.]*\breturn(?:ed)?\b[^?.]*"
        r"\b(?:call|voicemail)s?\b",
        # payments are not in the records: who owes what
        r"\bowes? us\b|\bunpaid\b|\boutstanding (?:balances?|invoices?|payments?)\b|\breceivables?\b|"
        r"\bhaven'?t paid\b|\bpaid (?:yet|their|the) (?:bill|invoice)\b",
        r"^\W*(?:hi|hello|hey|thanks|thank you|good (?:morning|afternoon|evening))\W*$",
        r"\bwhat(?:'s| is) \d+\s*(?:[-+*/x×]|times|plus|minus|divided by)\s*\d+\b",
        r"\bwhat time is it\b|\bscore of the\b|\b(?:tallest|highest|largest|biggest|longest|deepest) (?:mountain|river|"
        r"country|city|building|animal|lake|ocean)\b|\bfun fact\b|\byour favou?rite\b|\bcover letter\b|\bresume\b|"
        r"\bworkout\b|\bdiet plan\b|\bsing (?:me )?(?:a )?song\b",
        # small talk, unit conversions, history and trivia
        r"\bhow(?:'s| is| are) (?:your|you)\b|\bwho are you\b|\bare you (?:a )?(?:robot|human|bot|real)\b|"
        r"\bwhat(?:'s| is) up\b|^\W*(?:thanks|thank you|thx|ty|lol|ok|okay|cool|great|nice)\b[^?]{0,20}$|"
        r"\byou(?:'re| are) (?:awesome|great|the best|amazing|funny)\b|\bwhat can you do\b|"
        r"^\W*can you help(?: me)?\W*$|"
        r"\btell me something\b|\bi'?m bored\b|\bgood name for\b",
        r"\bhow (?:do|can|should) (?:i|you|we) fix (?:a|my|the) (?:leaky|broken|flat)\b|\bhow far is\b|"
        r"\bwhat year did\b|\bthe news\b|\bcompetitors?\b|\bcompetition\b|\b(?:going|market) rates?\b|"
        r"\bother shops\b",
        r"\bconvert\b[^?.]*\b(?:to|into)\b|"
        r"\bhow many (?:square |sq\.? |cubic )?(?:feet|inches|meters|metres|centimeters|ounces|pounds|cups|"
        r"miles|kilometers|grams|kilos|liters|litres|gallons) (?:are )?in (?:a|an|one)\b|\b(?:celsius|fahrenheit)\b",
        r"\bwhen (?:was|were|did)\b[^?.]*\b(?:built|founded|invented|born|discovered|signed|die|end|start|sink|sank|"
        r"happen|occur|erupt|crash|collapse|land)\b"
        r"(?![^?.]*\b(?:order|job|awning|canopy|cover|customer)s?\b)|"
        r"\bwho (?:invented|discovered|wrote|painted|composed|founded|was the first)\b",
        # what words stand for and who makes a brand: general knowledge, not the shop's
        r"\bstands? for\b|\bwho (?:actually |really )?(?:makes|manufactures|produces|owns)\b|"
        r"\b(?:which|what) (?:company|companies|firm|brand|mill|manufacturer)\b[^?.]*\b(?:makes?|made|"
        r"manufactures?|produces?|owns?)\b(?! (?:the )?(?:most|least)\b)|"
        r"\bwhere (?:are|is) (?:they|the (?:maker|manufacturer|company|brand)) (?:based|headquartered|located)\b",
        # a material's physical limits ("at what temperature does vinyl start to melt", "how many PSI to rip it"):
        # the documents give the shop's working limits, not these; only a passage that speaks of the melting or the
        # tearing itself (the ``topic``) answers in their place
        r"\b(?P<topic>(?:melting|boiling|freezing|flash|ignition) point|(?:tensile|tear|burst(?:ing)?) strength)\b",
        r"\bat what (?:water )?temperature (?:does|do|will|would|did|can) (?:[\w-]+ ){1,4}?(?:start to |begin to )?"
        r"(?P<topic>melt|shrink|burn|soften|warp|crack|ignite|catch fire|break down|degrade|fade|rot)\b",
        r"\bhow (?:many|much) (?:psi|pressure|force|weight|pounds?|lbs?|wind)\b[^?.]*\b(?:take|takes|took|needed|"
        r"need|before)\b[^?.]*\b(?P<topic>rip|tear|break|burst|puncture|split|shred)\b",
        # the shop's people and suppliers: kept outside these records
        r"\b(?:crew|work|staff|shift|technician)s? schedules?\b|\bwho(?:'s| is) (?:working|on shift|off)\b|"
        r"\b(?:working|on shift|in) next\b|\bnext shift\b|\bwhat time does (?:[\w'&.-]+ ){1,6}(?:open|close)\b|"
        r"\b(?:opening|business) hours\b|\b(?:supplier|wholesaler|distributor|vendor)'?s? (?:sales )?(?:rep|phone|"
        r"number|contact|e-?mail|address)\b|"
        r"\bwho works\b|\bdays? off\b",
        r"\b(?:supplier|vendor|wholesale)s? (?:prices?|costs?|better|best|cheaper)\b|"
        r"\b(?:supplier|vendor|wholesaler|distributor|mill)s?\b[^?.]*\b(?:charges?|costs?|prices?|sells?|bills?)\b|"
        r"\bpay (?:our |the )?"
        r"(?:suppliers?|vendors?|technicians?|staff|employees|crew|workers|seamstress(?:es)?|techs?)\b|"
        r"\bwholesale\b|\bcharges? us\b|\bcharged us\b",
        # the world: news, sport, science, cooking, words, puzzles
        r"\bhurricane (?:heading|coming|forecast|season forecast)\b|\bwho won\b|\bchange the oil\b|\bhigh tide\b|"
        r"\blow tide\b|\bwhy (?:is|are|do|does) (?:the )?(?:sky|sun|moon|ocean|sea|earth|grass|water)\b|"
        r"\bhow (?:do|can|to) (?:you |i |we )?(?:make|bake|cook|brew) (?:a |an |some )?(?:\w+ ){0,2}(?:pie|cake|bread|"
        r"cookies|soup|coffee|tea|cocktail|drink|pasta|chili)\b|\bwhat does the word\b|\bdefinition of\b|\briddle\b|"
        r"\bsquare root\b|\bhow old is\b|"
        r"\bexplain (?:photosynthesis|gravity|relativity|evolution|inflation|the stock)\b",
        # systems the records don't hold: pay, tax, calendar, website, vehicles, social media
        r"\bpaycheck\b|\bpay ?stubs?\b|\bovertime\b|\bhourly (?:rate|wage|pay)s?\b|\b(?:supplier|vendor) invoices?\b|"
        r"\b(?:owe|pay|paid|collect(?:ed)?) (?:in |on )?sales tax\b|\bsales tax (?:do|did|we|owed|due|bill|payment)\b|"
        r"\b(?:my|our|the) calendar\b|\bwebsite (?:visitors|traffic|analytics|hits)\b|\bgps\b|"
        r"\b(?:ach|wire|bank|card|credit card|check|cheque) (?:payment|transfer|deposit)s?\b|\bin the bank\b|"
        r"\bpayments?\b[^?.]*\b(?:clear(?:ed)?|go(?:ne)? through|went through|bounced?)\b|"
        # messages sent ("did we already text Jacob Young that ...?"): no record keeps them (what a customer told us
        # is theirs, in the records)
        r"\b(?:did|have|has) (?:we|anyone|someone|somebody)(?: already| ever)? (?:text|call|e-?mail|phone|notify|"
        r"message|remind|contact)(?:ed)? (?:[\w'&.-]+ ){0,5}?(?:that|back|yet|already|about (?:it|the pickup|"
        r"pickup))\b|"
        # what a maker advertises ("what UV rating does Sunbrella advertise?"): their claims, not the shop's records;
        # only a passage that speaks of the claim itself answers in its place, not one that names the brand
        r"(?:(?<=sunbrella )|(?<=the maker )|(?<=the manufacturer )|(?<=the brand ))(?:advertis(?:e|es|ed)|claims?|"
        r"promises?|markets?)\b|"
        r"\b(?:cheque|check|card|transfer|wire)s? (?:has |have )?(?:cleared|bounced)\b|"
        r"\bbank (?:account|balance|statement)\b|"
        r"\b(?:van|truck)\b[^?.]*\b(?:oil change|serviced|service|right now|located)\b|"
        r"\bhow many (?:likes|followers|shares)\b|"
        r"\b(?:facebook|instagram|tiktok|social media) (?:post|likes|followers)\b|"
        r"\bjob posting\b|\b(?:pay|paid|owe|pays)\b[^?.]*\bcontractors?\b",
        # chit-chat about the assistant itself
        r"\babout yourself\b|\byour name\b|\bwho (?:made|built|created) you\b|\bdo you (?:like|dream|love|feel|enjoy|"
        r"sleep|get tired)\b|\bare you (?:smarter|better|happy|sentient|alive)\b|\bwanna chat\b|\bkeep me company\b|"
        r"\bfor (?:lunch|dinner|breakfast)\b|^\W*good ?night\b",
        # the assistant's own instructions, secrets and other people's conversations
        r"\bsystem prompt\b|\b(?:ignore|forget|override|disregard|bypass) (?:all |your |the |any )?(?:previous |prior |"
        r"above |earlier )?(?:instructions|rules|limits|restrictions|guardrails)\b|\b(?:hidden|secret|original|your) "
        r"instructions\b|\bpasswords?\b|\bapi keys?\b|\bcredentials\b|\bno (?:restrictions|limits|rules)\b|"
        r"\brepeat the text above\b|\bwere you told\b|\byour (?:configuration|config|settings)\b|"
        r"\bother (?:staff|users|people|employees)(?: members)? ask\b|\bask(?:ed)? you about me\b|"
        r"\b(?:chat|conversation) history with you\b",
        # the shop's own bills and reputation
        r"\b(?:what|how much) (?:do|did|does) (?:we|the shop) (?:spend|spent|pay|paid) (?:on|for)\b|\bour rent\b|"
        r"\b(?:electric|electricity|water|phone|gas|utility|internet) bills?\b|\binsurance (?:premium|bill|cost)s?\b|"
        r"\b(?:google|yelp|online|facebook) (?:rating|reviews?)\b|\bstar reviews?\b|\bhours did \w+ work\b|"
        r"\b(?:our|the shop's|the) (?:lease|landlord|mortgage)\b|\bwho(?:'s| is| are)? (?:scheduled|rostered|down) "
        r"(?:to work|for (?:a |the )?shift|on (?:shift|the floor|the schedule))\b|\bscheduled to work\b",
    ),
    "unsupported_measure": (  # a share of the records: even where the words sound like a price list's
        # a part and its whole ("how many were rush and how many in total?"): a share, which a count is not
        r"\bhow many\b[^?.]*\band how many (?:\w+ ){0,3}?(?:in total|total|overall|altogether|all together|in all|"
        r"all told|(?:were there )?(?:in|of) (?:all|them))\b|\bhow many\b[^?.]*\bout of (?:how many|all|the)\b|"
        r"\bhow many\b[^?]*\band how many of (?:those|them|these|that)\b|"
        r"\bhow many\b[^?]*,? and how many (?:of (?:them|those) )?(?:were|was|are|is|had) (?:rush|late|"
        r"overdue|on time|repairs?|cleanings?|from|for|in)\b",
        r"\b(?:percent(?:age)?|share|proportion|fraction) of (?:the |our |all )?(?:\w+ )?(?:orders|jobs|customers|"
        r"tickets|work orders|repair orders)\b",
        # whether there is enough for a job: a comparison, not a stock level
        r"\b(?:do|will|would) we have enough\b|\bis there enough\b|\benough (?:[\w-]+ ){0,4}(?:for|to cover)\b",
        # what the shop's own stock is worth: a sum over the racks, never a price-list line
        r"\bworth\b[^?.]*\bat (?:its|their|the|our) unit prices?\b|"
        r"\b(?:what(?:'s| is| are)|how much (?:is|are))\s+(?:all )?(?:of )?(?:our|the shop's)\b[^?.]*\bworth\b",
    ),
    "advice": (
        r"\bshould (?:i|we) let\b|\bwhat (?:should|do|would) (?:i|we) (?:say|tell|reply|respond)\b|"
        r"\bis (?:\w+ ){1,5}a good (?:customer|client|account|idea|fit|deal|bet)\b|\bgood idea\b|"
        r"\b(?:pricing|marketing|growth|business|sales) strategy\b|\brecommend (?:a|an|some|any)\b|"
        r"\bhow (?:do|should|can|would) (?:i|we) (?:negotiate|deal with|handle|convince|calm|persuade|respond to|"
        r"win back|keep)\b|\b(?:be|is) better for (?:advertising|marketing|us|the shop|business)\b|"
        r"\bhow much should (?:i|we) pay\b|\bwhat(?:'s| are| is) the odds\b|\bwhats the odds\b|"
        r"\b(?:does|do|did) the (?:best|worst|nicest|neatest|sloppiest) (?:work|job)\b|"
        # people ranked ("which technician is fastest at repairs?"): the records keep no one's work rate
        r"\b(?:which|who)\b[^?.]*\b(?:technicians?|techs?|employees?|workers?|installers?|staff|crew members?|"
        r"seamstress(?:es)?)\b[^?.]*\b(?:fastest|slowest|quickest|best|worst|most reliable|most careful)\b",
        r"\b(?:make|draw up|put together|plan out|write up) (?:a |the |our |next week's |a new )?(?:\w+ )?"
        r"(?:plan|schedule|roster|budget)\b",
        r"\b(?:should (?:we|i)|shall we)\s+(?:raise|lower|cut|hire|fire|open|close|buy|switch|expand|stop|start|"
        r"change|drop|add|invest|advertise|offer|keep|give|accept|take on|stock|carry|use(?! to\b)|discount|waive)\b",
        r"\bis (?:\w+ ){1,3}(?:better|worse|cheaper) than\b|\bis (?:\w+ ){1,3}worth (?:it|stocking|buying|carrying|"
        r"keeping|doing|the)\b|\bwould it (?:make sense|be (?:smart|wise|better|worth))\b|"
        r"\bhow (?:can|do|could|should) we (?:get|find|attract|win|bring in) more\b",
        r"\bis it (?:worth|a good idea|smart|wise)\b|\bdo you (?:think|recommend|suggest)\b|\bwhat do you think\b|"
        r"\bin your opinion\b|\bwould you (?:recommend|suggest)\b|\b(?:which|what) (?:\w+ )?is better\b|"
        r"\bbest way to (?:grow|market|advertise|get more|increase|improve)\b|\b(?:your|any) advice\b",
    ),
    "creative": (
        r"\b(?:write|compose|make up|create|give)\s+(?:me\s+)?(?:a|an|some)\s+(?:\w+\s+){0,2}(?:poem|haiku|song|"
        r"story|limerick|joke|essay|rap|sonnet|slogan|tweet|caption)s?\b",
        r"\btell (?:me )?(?:a |another )?jokes?\b|\b(?:poem|haiku|limerick|sonnet)s?\b",
        r"(?<!did )(?<!does )(?<!they )(?<!customer )(?<!he )(?<!she )"  # what someone wrote is a record's words
        r"\b(?:write|draft|compose|come up with|make up)\s+(?:me\s+)?(?:an?\s+|the\s+|some\s+|our\s+)?"
        r"(?:[\w'-]+\s+){0,3}(?:e-?mail|letter|reply|response|message|text|note|notice|post|posting|ad|"
        r"advert(?:isement)?|review|slogan|jingle|bio|card|tagline|caption|speech|announcement|flyer|script)s?\b",
    ),
    "translation": (
        r"\btranslat(?:e|ed|ion|ing)\b",
        r"\b(?:en|in) (?:espa[nñ]ol|fran[cç]ais|deutsch|portugu[eê]s)\b|\bpor favor\b",
        r"\b(?:in|into)\s+(?:spanish|french|german|italian|portuguese|chinese|mandarin|japanese|korean|"
        r"vietnamese|russian|arabic|hindi|tagalog|creole|haitian(?: creole)?|english)\b",
        r"\b(?:spanish|french|german|italian|portuguese|chinese|japanese|korean|vietnamese|russian|arabic) "
        r"(?:version|copy|translation)\b",
    ),
    "write_action": (
        # something sent to someone ("Please email Bayfront Village Shops their invoice for the open job")
        r"^\W*(?:please\s+|pls\s+|kindly\s+)?(?:e-?mail|text|send|mail|fax|forward)\s+(?!(?:of|for|about|on|from|in)\b)"
        r"(?:[\w'&.-]+\s+){1,6}?"
        r"(?:their|the|an?|this|that|our)\s+(?:\w+\s+)?(?:invoice|receipt|quote|estimate|bill|reminder|notice|"
        r"update|photos?|pictures?|statement|cop(?:y|ies)|pdf|link|scan|file|policy|price list|document)s?\b",
        # a change reported and then asked for ("Customer called to cancel WO-13588 - can you take care of that?")
        rf"\b(?:{_CHANGE})\b[^?]*\b(?:can|could|would|will)\s+(?:you|u|ya)\s+(?:please\s+)?(?:just\s+)?(?:take care of|"
        r"handle|deal with|sort(?: out)?|do|process|action|see to)\s+(?:that|it|this|them)\b",
        # an imperative naming what to change ("Cancel Gulf Breeze Cafe's order", "Can you set it
        # to ready"), not a request for news of it ("Update on WO-10234?", "Schedule for next week?")
        # (after "when you get a sec", "if you have a minute": "when you get a sec knock 10 yards off the navy")
        rf"^\W*(?:(?:when(?:ever)?|if) (?:you|u) (?:get|have|got) (?:a )?(?:sec(?:ond)?|min(?:ute)?|moment|chance)\W*)?"
        rf"{_ASKING}(?:{_CHANGE})\s+(?!(?:on|for|about|of|to|in|at|from|with)\b)[a-z0-9]",
        rf"\b(?:can|could|would|will)\s+(?:you|u|ya)\s+(?:please\s+)?(?:go ahead and\s+)?(?:{_CHANGE})\b"
        r"(?!\s+(?:me|us)\b)",
        rf"(?:^|[-–—:!,.]\s*)(?:please\s+)?(?:{_CHANGE})\s+(?:wo|ro|inv)[- #]?\d+",  # "quick favor - bump WO-12519"
        # a clause that orders a change after a report ("we just used 5 yards of it, take it off the count")
        rf"[-–—:;!,.]\s*{_ASKING}(?:{_CHANGE})\s+(?!(?:on|for|about|of|to|in|at|from|with)\b)[a-z0-9]",
        # a date moved in other words ("push the due date on WO-11195 back a week")
        rf"^\W*{_ASKING}(?:push|move|bump|shift|slide)\s+(?:[\w'-]+\s+){{1,6}}?(?:back|forward|out|up|to)\b",
        # asked kindly ("could you be a dear and flip WO-11103 over to ready", "can you just delete it")
        rf"\b(?:can|could|would|will)\s+(?:you|u|ya)\s+(?:[\w']+\s+){{0,4}}?(?:and\s+|just\s+)(?:{_CHANGE}|flip|switch)\b",
        r"\b(?:flip|switch|turn)\s+(?:(?:wo|ro)[- ]?\d+|it|this|that|them)\s+(?:over\s+)?(?:to|as|into)\b",
        # a new value asked for ("can you knock RO-2385's quote down to $150", "could you get the price up to 400")
        r"\b(?:can|could|would|will)\s+(?:you|u|ya)\b[^?.]*\b(?:down|up)\s+to\s+\$?\d",
        rf"\bif (?:you|u) (?:could|can|would)\s+(?:please\s+)?(?:just\s+)?(?:{_CHANGE}|flip|switch)\b",
        # a change put as what could happen ("the stock count could go up by 20", "could be pushed back a week")
        r"\b(?:could|can|should|needs? to|has to)\s+(?:go (?:up|down)|be (?:increased|decreased|raised|lowered|changed|"
        r"updated|bumped|pushed|moved|set|marked|adjusted|corrected|fixed|deleted|removed|cancell?ed|extended))\b",
        # a change asked as what we may do ("Can we cancel RO-2249?", "should we mark it ready?")
        rf"^\W*(?:can|could|should|shall) (?:we|i|you|u)\s+(?:just\s+|go ahead and\s+)?(?:{_CHANGE})\s+"
        r"(?:(?:wo|ro|inv)[- #]?\d+|it|this|that|them|(?:their|the|his|her|this|that) (?:order|job|ticket|quote)s?)\b",
        # asked whether a record may be changed ("Can RO-2296 be marked as picked up?")
        r"^\W*(?:can|could|should|shall)\s+(?:[\w'-]+\s+){1,4}?be\s+(?:marked|set|changed|moved|updated|flagged|"
        r"closed|cancell?ed|switched|bumped|pushed back|deleted|removed)\b",
        r"\b(?:would|could) you mind (?:letting|telling|reminding|texting|e-?mailing|informing|printing|"
        r"merging|combining|changing|updating|cancell?ing|deleting|removing|adding|"
        r"creating|closing|marking|moving|setting|assigning|scheduling|refunding|editing|fixing|sending|calling)\b",
        r"^\W*(?:please\s+)?(?:e-?mail|text|message|call|ring|notify|remind|tell)\s+(?:the\s+customer|them|him|her|"
        r"[a-z]+)\b.*\b(?:that|to say|saying|to tell|to let|to remind)\b",
        r"^\W*(?:please\s+)?(?:call|phone|ring|text|fax|mail|e-?mail|shoot|notify|remind)\s+(?:up\s+)?"
        r"(?:(?:the|this|that|them|him|her|it|every|all|each)\b(?!\s+(?:number|list|log|history|address)\b)|"
        r"[a-z]+'s\b|[\w&'.-]+(?:\s+[\w&'.-]+){0,5}\s+(?:and (?:tell|let|ask|say|remind|warn|inform|check)|back|that|"
        r"about)\b)|"
        r"^\W*(?:please\s+)?let (?:\w+ ){1,4}know\b|^\W*(?:please\s+)?send (?:\w+ ){0,4}to\b|"
        r"^\W*(?:please\s+)?give (?:[\w'&.-]+ ){1,6}?(?:a |an )?(?:quick )?(?:call|ring|buzz|shout|heads[- ]up|"
        r"text|e-?mail)\b|\b(?:and|to) let (?:them|him|her|the customer) know\b|"
        r"^\W*(?:please\s+)?print (?:out|off|(?:me )?(?:a|two|\d+) cop(?:y|ies))\b|"
        r"^\W*(?:please\s+)?(?:can you\s+)?print (?:out |off )?(?:me |us )?(?:out )?(?:the |a |an |this |that |"
        r"their |his |her )?(?:\w+ )?"
        r"(?:work order|repair order|order|invoice|receipt|label|tag|sheet|ticket|document|policy|price list|report|"
        r"list|summary|schedule|copy)s?"
        r"\b(?! (?:field|text|notes?|instructions))",
        r"^\W*(?:please\s+)?(?:e-?mail|text|fax|send|forward|mail)\s+(?:me|us|him|her|them)\s+(?:a |the |that |this |"
        r"our )?(?:copy|link|pdf|list|file|version|scan|photo|picture)\b",
        r"^\W*(?:please\s+)?send\s+(?:[\w']+\s+){1,9}?(?:an?|the|their|his|her|our)\s+(?:e-?mail|text|message|note|"
        r"reminder|invoice|"
        r"quote)\b|^\W*(?:please\s+)?remind me\b",
        r"\b(?:shoot|drop|send)\s+(?:\w+\s+){0,3}?(?:a|an)\s+(?:quick\s+)?(?:message|text|note|e-?mail|line|"
        r"reminder)\b",
        r"\b(?:can|could|would|will)\s+(?:you|u|ya)\s+(?:please\s+)?(?:e-?mail|text|message|call|notify|remind)\b",
        # asked as permission ("is it alright if you email Dale to tell him ...", "mind texting her?")
        r"\b(?:is it (?:alright|all right|ok|okay|fine) (?:if|for) (?:you|u)|(?:do|would) (?:you|u) mind)\s+(?:to\s+)?"
        r"(?:e-?mail(?:ing)?|text(?:ing)?|messag(?:e|ing)|call(?:ing)?|ring(?:ing)?|remind(?:ing)?|send(?:ing)?|"
        r"updat(?:e|ing)|chang(?:e|ing)|mark(?:ing)?|cancel(?:l?ing)?|mov(?:e|ing)|delet(?:e|ing))\b",
        rf"^\W*{_ASKING}send (?:an? |the )?(?:e-?mail|text|message|invoice|reminder|quote|receipt)\b",
        r"\b(?:close|mark|set|flag|move|put|sign)\s+(?:it|them|this|that|these|those)\s+(?:out|off|as|to|in)\b",
        r"\b(?:status|it|this|that|them|these|those)\s+(?:to|as)\s+(?:ready|completed|done|cancelled|approved|"
        r"picked up|received|quoted|in repair|cleaning)\s*(?:now|please|\.|!|$)",
    ),
    "forecast": (
        r"\b(?:forecast(?:ed|ing)?|predict(?:ed|ion|ions)?|projection|projected|extrapolat\w*)\b",
        # what a customer will do ("when is Royal Palm likely to send us their next order?")
        r"\b(?:likely|probably|expected) to (?:send|order|book|bring|come|call|return|need|want|buy|spend|cancel)\b",
        r"\b(?:project|estimate)\s+(?:our|the|next|this|what)\b",
        r"\bwill (?:we|the shop)\s+need\b|\bwill need (?!to be (?:ready|done|finished|completed|picked up)\b)|"
        r"\b(?:after|before|during) the next (?:storm|hurricane|rain|season|busy season)\b",
        r"\bhow (?:much|many)\b[^?.]*\bwill (?:we|the shop|sales|revenue|business|income)\b[^?.]*\b(?:make|earn|"
        r"bring in|take in|sell|get|receive|gain|lose|see|do|have)\b(?![^?.]*\b(?:due|ready|finished|done|"
        r"completed|charge|cost|price|bill|pay)\b)",
        r"\bwill (?:we|sales|revenue|business|income|the shop)\b[^?.]*\b(?:make|earn|bring in|take in|sell|grow|"
        r"increase|drop|go up|go down|be busier|be slower)\b",
        r"\b(?:going to|gonna) (?:make|earn|bring in|take in|sell|grow|get|see|receive|have|need|hit|reach|beat|top|"
        r"exceed|pass|outdo|match)\b"
        r"(?! (?:it |them )?(?:back|done|finished|ready|picked up)\b)",
        # money still to come ("how much revenue are we going to do in December?")
        r"\b(?:revenue|sales|income|takings|turnover|business|money)\b[^?.]*\b(?:are|is|will) (?:we|the shop|it) "
        r"(?:going to|gonna|expected to) (?:do|pull|book|bill)\b",
        r"\bwill (?:we|the shop|sales|revenue|business|income)\b[^?.]*\b(?:hit|reach|pass|top|exceed|break)\b",
        r"\bwhat will\b[^?.]*\blook like\b|\bhow (?:busy|slow) will\b",
        r"\b(?:likely to|expected to|expect to) (?:order|come back|return|buy|spend|make|earn|cancel|take in|bring "
        r"in|sell|need|get|see)\b",
        # revenue is what was taken in: "what will December's revenue be" asks a forecast
        r"\bwhat will (?:[\w']+ ){0,4}?(?:revenue|sales|income|takings|turnover|earnings|figures?|numbers?)s? "
        r"(?:be|come to|come in at|end up|land|total|look like)\b|"
        r"\b(?:revenue|sales|income|takings|turnover|earnings)\b[^?.]*\b(?:will|(?:is |are )?(?:going to|gonna)) "
        r"(?:be|come to|come in|end up|look|land|total|finish)\b",
        # what a customer will do ("will Blue Heron order again this year?")
        r"\bwill (?:they|he|she|(?:[a-z&'.-]+ ){1,5}?)(?:ever |still )?(?:order|book|buy|come back|return|renew|cancel|"
        r"spend|use us|bring (?:in )?(?:more|anything|another))\b",
        r"\bnext (?:month|quarter|year|season)'?s? (?:revenue|sales|income|takings|demand|volume)\b",
        r"\b(?:you|we|i) (?:expect|anticipate|foresee)\b(?![^?.]*\b(?:due|ready|finished|done|completed|back|"
        r"picked up|to be)\b)|"
        r"\bshould (?:we|i) (?:expect|brace for|plan for|prepare for|anticipate)\b|\bbrace (?:for|ourselves)\b|"
        r"\b(?:figure|reckon|guess|bet|think)\b[^?.]*\b(?:lands?|end up|come in at|finish(?:es)? at|look like)\b|"
        r"\bdo you (?:figure|reckon|guess|think|expect)\b[^?.]*\bwill\b|"
        r"\bhow long (?:until|till|before) we (?:run out|sell out|need)\b|\bguess (?:how|what)\b|"
        r"\bwe'll (?:clean|get|make|sell|need|see|have|do|take in)\b|\blikely to happen\b|\bcan we handle\b",
    ),
}

# Measures the answers are not built to compute (averages, shares, comparisons, thresholds on
# counts, time since the last order, lateness against the promised date, low stock, single
# biggest orders). Checked only when the question was read as a records question: "what
# percent surcharge for mildew" is a price-list question and stays one.
UNSUPPORTED_MEASURES: tuple[str, ...] = (
    r"\b(?:average|avg|median|typical|typically)\b|\bthe mean\b|\bmean (?:value|amount|total|number|order|ticket)\b",
    r"\b(?:percent(?:age)?|per ?cent|share|proportion|fraction|ratio)\b|%|\b(?:chunk|portion|slice) of\b|"
    r"\bwhat part of\b(?! the (?:process|job|line|workflow))|\bout of (?:how many|all|the total|"
    r"total|every)\b|\bof (?:the|our) total\b",
    r"\bper (?:order|job|customer|client|ticket|visit|territory)\b",
    r"\b(?:compared? (?:to|with)|versus|vs\.?|against|than) (?:last|the previous|previous|the prior|prior|this|"
    r"next)\b",
    r"\b(?:grow(?:th)?|grew|trend(?:ing)?|up or down|more or less than)\b",
    # (not how late an order is: "more than 3 days past their promised date" is a window of promised dates)
    r"\b(?<!by )(?<!by no )(?:more|fewer|less|greater) than \d+\b(?! (?:days?|weeks?|months?) (?:or more )?(?:late|"
    r"overdue|past|behind)\b)|\bat least \d+\b|\b(?:over|under|above|below) \d+ (?:orders|jobs|"
    r"yards?|yds?|units?|rolls?|items?)\b|\b\d+ or more (?:orders|jobs)\b",
    r"\b(?:haven'?t|have not|hasn'?t|has not|didn'?t|did not)\b[^?.]*\b(?:been back|come back|ordered|returned|"
    r"used us|brought|seen|heard from|done business)\b|\bnot been back\b|\blapsed\b|\bdormant\b|\binactive\b|"
    r"\bno (?:orders?|jobs?|work|business)\b[^?.]*\bsince\b|\bnothing since\b|\bgone quiet\b",
    r"\b(?:after|past|later than|beyond) (?:their|its|the) (?:promised|due|required) (?:date|day)\b"
    r"(?![^?.]*\b(?:not|n't|still|yet|open|unfinished)\b)[^?.]*"
    r"\b(?:finish|finished|complete|completed|done|delivered)\b|\b(?:finished|completed|delivered|done) "
    r"(?:late|(?:after|past|beyond) (?:their|its|the) (?:promised|due|required))\b|\bon[- ]time\b|"
    r"^(?![^?.]*(?:\bnot|n't|\bstill|\byet|\bopen|\bunfinished)\b)[^?.]*\b(?:finished|completed|delivered)\b[^?.]*"
    r"\b(?:past|after|beyond|later than|over) (?:their|its|the) (?:promised|due|required) (?:date|day)\b",
    r"\b(?:running low|low on|low stock|almost out|nearly out|need to reorder|reorder point)\b|"
    r"\b(?:are|is|we're|were|was) (?:we |they |it )?(?:all |completely )?out of\b|\b(?:run|ran|running|sold) out\b|"
    r"\bout of stock\b",
    r"\b(?:open|outstanding|unfinished|pending|in progress)\b[^?.]*\b(?:worth|(?:dollar )?value|in dollars)\b|"
    r"\b(?:worth|dollar value|in dollars)\b[^?.]*\b(?:open|outstanding|unfinished|pending)\b|"
    r"\b(?:value|worth) of (?:all )?(?:the )?(?:open|outstanding|unfinished|pending|current)\b|"
    r"\b(?:open|outstanding|unfinished|pending) (?:work|orders|jobs) (?:is |are )?worth\b|"
    r"\b(?:dollar value|total value|value|worth)\b[^?.]*\b(?:orders?|jobs?|tickets?)\b[^?.]*"
    r"\b(?:sitting|waiting|at|in)\s+(?:the )?(?:ready|queue|quoted|approved|received|repair|cleaning|the shop)\b",
    r"\b(?:which|what) (?:territor(?:y|ies)|regions?|areas?|zones?)\b[^?.]*\b(?:most|best|highest|biggest|top|"
    r"least|lowest|ahead|behind|leads?|leading|winning|first|last|on top)\b|"
    r"\b(?:best|top|biggest|highest)[- ](?:performing )?(?:territor(?:y|ies)|regions?|zones?)\b",
    # the busiest or slowest period, the most used of anything, and figures grouped by something
    r"\b(?:busiest|slowest|quietest)\b|"
    r"\b(?:best|worst|biggest|strongest|weakest)\s+(?:month|week|day|quarter|season)s?\b|"
    r"\b(?:which|what) (?:month|week|day|quarter|season)\b[^?.]*\b(?:most|least|fewest|highest|lowest)\b",
    r"\b(?:most|least) (?:used|popular|common|frequent|ordered|requested)\b|\b(?:use|used|sell|sold|order|ordered)"
    r" the (?:most|least)\b",
    # counts of customers, rankings by counts, comparisons of periods
    r"\bhow many (?:\w+ )?(?:customers|clients|accounts)\b|\bnumber of (?:\w+ )?(?:customers|clients|accounts)\b|"
    r"\bmost (?:loyal|frequent|regular)\b|\b(?:the )?(?:most|fewest|least) (?:open )?(?:orders|jobs|visits|"
    r"work orders|repair orders|tickets)\b",
    r"\bcompare[sd]?\b[^?.]*\b(?:with|to|against)\b[^?.]*\b(?:january|february|march|april|may|june|july|august|"
    r"september|october|november|december|last|previous|prior|month|year|week|quarter)\b",
    r"\btotal (?:of|for) (?:all )?(?:the |our )?(?:open|outstanding|unfinished|pending)\b",
    # rankings from the bottom, thresholds on money, stock value and size rankings, durations
    r"\b(?:spent|paid|bought|ordered) the least\b|\b(?:smallest|lowest|least valuable|worst) (?:customer|client|"
    r"spender|account)s?\b|\b(?:over|above|more than|at least|under|below|less than) \$\s?\d",
    r"\b(?:value|worth)\b[^?.]*\b(?:inventory|stock)\b|\b(?:inventory|stock)\b[^?.]*\b(?:worth|value)\b|"
    r"\bworth\b[^?.]*\b(?:in total|altogether|all together|combined|at (?:its |their |the )?unit prices?)\b|"
    r"\b(?:total|combined) (?:value|worth)\b|"
    r"\btop \d+ (?:materials|fabrics|items|colou?rs|products)\b|\bthe most of\b",
    r"\btook (?:longer|more) than\b|\blonger than \d+ (?:days|weeks|months)\b",
    r"\b(?:in|for|by|per)? ?each (?:territory|region|area|month|week|day|weekday|customer|material|status|technician|"
    r"tech|employee|worker|kind|type)\b|\bby (?:territory|region|"
    r"month|week|material)\b|\bper (?:territory|region)\b|\beach (?:territory|region|month)\b",
    r"\b(?:biggest|largest|smallest|most expensive|cheapest|oldest|earliest)\s+(?:single\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:order|job|ticket|invoice|work order|repair order)s?\b",
    r"\b(?:longest|shortest|fastest|slowest|quickest)\b",
    r"\b(?:profit|profits|margin|margins|markup|cost of goods|labor cost|labour cost|wages|payroll|expenses?)\b",
    r"\b(?:employees?|staff schedule|shifts?|technician schedule|vacation|hours worked|timesheets?)\b|"
    r"\bhow (?:many|much) (?:hours|minutes|time|man-?hours|labou?r)\b[^?.]*\b(?:spend|spent|take|took|work|worked|"
    r"put in|on)\b|"
    r"\b(?:best|worst|fastest|slowest) (?:technician|tech|employee|worker|seamstress)s?\b",
    r"\b(?:supplier|vendor) (?:price|cost|prices|costs)\b",
)


# A ranking ("which fabric do we use most"): a search finds records that match, it does not rank them.
RANKED = re.compile(r"\b(?:most|least|fewest)\b(?!\s+(?:recent(?:ly)?|likely|important)\b)|\b(?:top|bottom) \d+\b")
# A measure's own words: a document answers a question for an average, a share or a comparison only where it
# states one.
MEASURE_WORDS = re.compile(
    r"\b(?:average|avg|mean|median|typical(?:ly)?|usual(?:ly)?|percent(?:age)?|share|"
    r"proportion|ratio|compar(?:e|ed|es|ing|ison)|versus|vs|side by side)\b|%",
    re.IGNORECASE,
)


# A comparison ("how did cleaning compare with repairs in August"): a search finds records, it compares nothing.
COMPARED = re.compile(r"\bcompar(?:e|ed|es|ing|ison)\b|\bversus\b|\bvs\b\.?|\bside by side\b")


# What the records' comparisons are between: periods, kinds of work, places, people, money.
COMPARED_THINGS = re.compile(
    r"\b(?:revenue|sales|takings|income|money|orders?|jobs?|work|cleanings?|repairs?|territor(?:y|ies)|"
    r"customers?|clients?|stock|inventory|day|week|month|quarter|year|season|last|this)s?\b"
)


def ranks(question: str) -> bool:
    """A ranking, or a comparison of what the records hold, asked for: no search answers either (a
    document's text comparing one thing to another is still the document's to say)."""
    q = question.lower()
    return bool(RANKED.search(q) or (COMPARED.search(q) and COMPARED_THINGS.search(q)))


def measured_alike(question: str, text: str) -> bool:
    """``text`` states the kind of measure ``question`` asks for (an average, a share, a comparison of what
    the records hold), if it asks for one."""
    asked = MEASURE_WORDS.search(question)
    if not asked or (COMPARED.search(asked[0].lower()) and not COMPARED_THINGS.search(question.lower())):
        return True
    return bool(MEASURE_WORDS.search(text))


def decline_cue(question: str, asks_records: bool) -> tuple[DeclineReason, str] | None:
    """Why the assistant can't answer ``question`` whatever the records say, and the words that show it (a cue's
    ``topic`` group, where it has one: what a passage must speak of to answer in its place); or None.

    ``asks_records``: the question was understood as one about the records (not the documents),
    so the measures it asks for must be ones the answers compute.
    """
    q = question.lower().replace("’", "'")
    for reason, cues in DECLINE_CUES.items():
        for cue in cues:
            if found := re.search(cue, q):
                return reason, found["topic"] if "topic" in found.re.groupindex else found[0]
    for cue in UNSUPPORTED_MEASURES if asks_records else ():
        if found := re.search(cue, q):
            return "unsupported_measure", found[0]
    return None


def decline_reason(question: str, asks_records: bool) -> DeclineReason | None:
    cue = decline_cue(question, asks_records)
    return cue[0] if cue else None
