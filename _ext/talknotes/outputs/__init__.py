"""Files written beside the pages: catalog, sitemap, feeds, calendars, the explore index and served assets."""
