"""Import a conference schedule: read pretalx/frab JSON, frab XML, iCalendar, Sessionize or pyvideo data, and
write the event page and a note stub per selected talk (``python -m talknotes import``).

Reading (one module per format, each registering its parser in ``formats``) gives a ``Schedule`` of
typed records; ``plan`` maps it onto the site (kinds, speakers, topics, dates, summaries) and decides
what to create or update; ``command`` checks every page as the build would and writes all or nothing.
"""
