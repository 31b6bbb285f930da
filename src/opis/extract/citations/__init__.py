"""Citations: archival (fond/opis/delo/folios and US record structure), bibliographic, FRUS, web; Ibid. chains."""
