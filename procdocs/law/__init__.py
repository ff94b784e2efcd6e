"""The law procdocs applies: legal limits, regions, the working-day calendar, deadlines, method grounds."""
